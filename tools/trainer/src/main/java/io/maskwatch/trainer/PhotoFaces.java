package io.maskwatch.trainer;

import io.maskwatch.api.PixelBox;
import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.cli.Progress;
import io.maskwatch.detector.Face;
import io.maskwatch.detector.FaceDetectorOptions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the face in ImageFolder images that are whole photos rather than face crops, so that
 * training and evaluation crop them the way inference does: the project's face detector, then
 * {@link FaceCrop#square}. An image counts as a whole photo when the crop square around its most
 * confident face is clearly smaller than the image ({@link #WHOLE_PHOTO_RATIO} of its short side);
 * otherwise it already is a face crop and is used whole, as before.
 *
 * <p>Detections are cached by file content in {@code <home>/.maskwatch/cache/}, because detecting
 * a few thousand photos costs minutes and every train and evaluate run needs the same answer.
 */
final class PhotoFaces implements AutoCloseable {

    /** A crop square below this fraction of the image's short side marks the image as a whole photo. */
    static final double WHOLE_PHOTO_RATIO = 0.8;
    /** The labelled subject of a photo is not a tiny background face; skipping those keeps detection to one pass. */
    static final double MIN_FACE_RATIO = 0.1;
    private static final String CACHE_VERSION = "photo-faces v1";

    private final CachedFaceDetector detector;

    private PhotoFaces(CachedFaceDetector detector) {
        this.detector = detector;
    }

    /** Opens the default face detector from {@code <home>/models/third-party}, caching in {@code <home>/.maskwatch/cache}. */
    static PhotoFaces open(Path home) {
        return open(home, home.resolve(".maskwatch/cache"));
    }

    static PhotoFaces open(Path home, Path cacheDir) {
        return new PhotoFaces(CachedFaceDetector.open(home, cacheDir, FaceDetectorOptions.defaults(), CACHE_VERSION,
                PhotoFaces::wellFormed, "needed to crop faces from whole photos; run bin/maskwatch setup, or pass --whole-images"));
    }

    /** What model.json records about this step. */
    String describe() {
        FaceDetectorOptions options = detector.options();
        return String.format(Locale.ROOT, "whole photos cropped around the most confident %s face (score >= %.2f) when the "
                + "crop square is under %.2f of the short side", options.model().id(), options.scoreThreshold(), WHOLE_PHOTO_RATIO);
    }

    /**
     * The samples, with a face box set on those that are whole photos. Samples that already have a
     * box (VOC) pass through; unreadable images pass through too and fail later where they are skipped.
     */
    List<Sample> locate(List<Sample> samples, PrintStream err, String what) {
        List<Sample> out = new ArrayList<>(samples.size());
        long pending = samples.stream().filter(s -> s.face() == null).count();
        Progress progress = pending > 0 ? new Progress(err, "faces in photos (" + what + ")", pending) : null;
        for (Sample s : samples) {
            if (s.face() != null) {
                out.add(s);
                continue;
            }
            String found = detectCached(s.image());
            if (progress != null) {
                progress.advance(1, null);
            }
            PixelBox face = wholePhotoFace(found);
            out.add(face == null ? s : new Sample(s.key(), s.image(), s.label(), face));
        }
        detector.flush();
        return out;
    }

    /** The face box when the cached line says the image is a whole photo, else null. */
    static PixelBox wholePhotoFace(String line) {
        String[] f = line.split("\t");
        if (f.length < 7) {
            return null; // no face found, or the image could not be read
        }
        int width = Integer.parseInt(f[0]);
        int height = Integer.parseInt(f[1]);
        PixelBox box = new PixelBox(Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
        // The default crop, not the run's --crop-scale: which images count as whole photos is a
        // property of the image, so runs at different crop scales train on the same faces.
        double side = FaceCrop.DEFAULT_SCALE * Math.max(box.width(), box.height());
        return side < WHOLE_PHOTO_RATIO * Math.min(width, height) ? box : null;
    }

    /** {@code W H x1 y1 x2 y2 score} for the most confident face, {@code W H} when there is none, {@code -} when unreadable. */
    private String detectCached(Path image) {
        return detector.lookup(image, (faces, frame) -> {
            double minFace = Math.max(FaceDetectorOptions.AUTO_MIN_FACE_FLOOR, MIN_FACE_RATIO * Math.min(frame.width(), frame.height()));
            Face best = null;
            for (Face f : faces.detect(frame, minFace)) {
                if (best == null || f.score() > best.score()) {
                    best = f;
                }
            }
            return best == null ? frame.width() + "\t" + frame.height()
                    : String.format(Locale.ROOT, "%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.4f", frame.width(), frame.height(),
                    best.box().x1(), best.box().y1(), best.box().x2(), best.box().y2(), best.score());
        });
    }

    static String cacheHeader(FaceDetectorOptions options) {
        return CachedFaceDetector.header(CACHE_VERSION, options);
    }

    /** A line another run wrote completely; anything else is detected again rather than trusted. */
    static boolean wellFormed(String line) {
        if (line.equals(CachedFaceDetector.UNREADABLE)) {
            return true;
        }
        String[] f = line.split("\t");
        return (f.length == 2 || f.length == 7) && CachedFaceDetector.allNumbers(f);
    }

    @Override
    public void close() {
        detector.close();
    }
}
