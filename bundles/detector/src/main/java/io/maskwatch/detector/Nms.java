package io.maskwatch.detector;

import io.maskwatch.api.PixelBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Non-maximum suppression over faces from all scales and tiles of a frame. */
public final class Nms {

    private Nms() {
    }

    /** Keeps the best face of every group whose boxes overlap by more than {@code iou}. */
    public static List<Face> hard(List<Face> faces, double iou) {
        List<Face> sorted = sorted(faces);
        List<Face> kept = new ArrayList<>();
        for (Face f : sorted) {
            boolean suppressed = false;
            for (Face k : kept) {
                if (k.box().iou(f.box()) > iou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(f);
            }
        }
        return kept;
    }

    /**
     * Replaces every group of boxes that overlap the group's best box by more than {@code iou}
     * with their score-weighted mean box, keeping the best score. Averaging the near-duplicates
     * that neighbouring anchors, scales and tiles produce gives steadier boxes than keeping one.
     */
    public static List<Face> weighted(List<Face> faces, double iou) {
        List<Face> remaining = new ArrayList<>(sorted(faces));
        List<Face> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Face best = remaining.getFirst();
            double w = 0;
            double x1 = 0;
            double y1 = 0;
            double x2 = 0;
            double y2 = 0;
            List<Face> rest = new ArrayList<>();
            for (Face f : remaining) {
                if (f == best || best.box().iou(f.box()) > iou) {
                    double s = f.score();
                    w += s;
                    x1 += s * f.box().x1();
                    y1 += s * f.box().y1();
                    x2 += s * f.box().x2();
                    y2 += s * f.box().y2();
                } else {
                    rest.add(f);
                }
            }
            PixelBox box = w > 0 ? new PixelBox(x1 / w, y1 / w, x2 / w, y2 / w) : best.box();
            out.add(new Face(box, best.score()));
            remaining = rest;
        }
        return out;
    }

    private static List<Face> sorted(List<Face> faces) {
        List<Face> s = new ArrayList<>(faces);
        s.sort(Comparator.comparingDouble(Face::score).reversed());
        return s;
    }
}
