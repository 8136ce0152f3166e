package io.maskwatch.trainer;

import java.util.SplittableRandom;

/**
 * Paints a mask onto a bare face at training time: either below the nose, as people wear masks
 * that do not count (the face stays {@code no_mask}), or over the nose, as a mask is meant to be
 * worn (the face becomes {@code mask}).
 *
 * <p>Why: the held-out faces that the classifier calls masked while the person is not compliant
 * are mostly masks worn below the nose, and the training data hold only 72 of those (crowd photos
 * of andrewmvd-dev); maskedface-net, which has many, is non-commercial. Painting both kinds on the
 * same bare faces, with the same colours and shading, leaves the position of the mask's top edge
 * against the nose as the only cue, so the network cannot learn "painted patch" as a shortcut.
 *
 * <p>The geometry comes from the face box: the base crop is a square of
 * {@code cropScale × max(w, h)} centred on the box, so the box's place in the crop is known. The
 * nose tip of an annotated face box lies at about 55-62 % of its height, so a top edge at
 * 64-76 % leaves it bare (covering the mouth or only the chin) and one at 36-46 % covers it. Faces turned far to the side get a frontal
 * mask, which is wrong for them; they are few.
 */
final class PaintedMasks {

    enum Kind { NONE, BELOW_NOSE, OVER_NOSE }

    /** Mask colours (RGB): surgical blue and green, white, black, grey, navy, pink, beige. */
    private static final int[][] COLOURS = {
            {150, 195, 225}, {120, 175, 215}, {160, 210, 200}, {235, 235, 235}, {215, 215, 220},
            {30, 30, 35}, {120, 120, 125}, {40, 50, 90}, {225, 170, 190}, {200, 180, 150}};

    private final double probability;

    /** @param probability the chance of each kind for an eligible face; 0 turns painting off */
    PaintedMasks(double probability) {
        this.probability = probability;
    }

    boolean enabled() {
        return probability > 0;
    }

    Kind pick(SplittableRandom rnd) {
        double r = rnd.nextDouble();
        return r < probability ? Kind.BELOW_NOSE : r < 2 * probability ? Kind.OVER_NOSE : Kind.NONE;
    }

    /**
     * A copy of {@code base} (packed BGR, {@code b × b}) with a mask painted on the face whose box,
     * in base pixels, spans {@code [x1, x2) × [y1, y2)}.
     */
    static byte[] paint(byte[] base, int b, double x1, double y1, double x2, double y2, Kind kind, SplittableRandom rnd) {
        byte[] out = base.clone();
        if (kind == Kind.NONE) {
            return out;
        }
        double w = x2 - x1, h = y2 - y1;
        double top = y1 + h * (kind == Kind.BELOW_NOSE ? 0.54 + 0.10 * rnd.nextDouble() : 0.34 + 0.10 * rnd.nextDouble());
        double bottom = y1 + h * (0.98 + 0.10 * rnd.nextDouble());
        double left = x1 + w * (0.04 + 0.06 * rnd.nextDouble());
        double right = x2 - w * (0.04 + 0.06 * rnd.nextDouble());
        double cx = (left + right) / 2, half = (right - left) / 2;
        // The top edge rises a little at the middle (over the nose or the lip), the bottom is round.
        double arch = h * 0.03 * rnd.nextDouble();
        int[] colour = COLOURS[rnd.nextInt(COLOURS.length)];
        // Lit like the face it is on: a white mask on a face in shadow is not white.
        double light = Math.clamp(meanLuma(base, b, x1, y1, x2, y2) / 150.0, 0.35, 1.15);
        double tone = 0.9 + 0.2 * rnd.nextDouble();
        boolean pleated = rnd.nextDouble() < 0.5;
        for (int y = Math.max(0, (int) Math.floor(top - arch)); y < Math.min(b, (int) Math.ceil(bottom)); y++) {
            for (int x = Math.max(0, (int) Math.floor(left)); x < Math.min(b, (int) Math.ceil(right)); x++) {
                double px = x + 0.5, py = y + 0.5;
                double dx = (px - cx) / half;
                if (Math.abs(dx) >= 1) {
                    continue;
                }
                double edgeTop = top - arch * (1 - dx * dx);
                // Lower half of an ellipse from the widest line down to the chin.
                double mid = (edgeTop + bottom) / 2;
                double edgeBottom = mid + (bottom - mid) * Math.sqrt(1 - dx * dx);
                double cover = Math.min(Math.min(py - edgeTop + 0.5, edgeBottom - py + 0.5), (1 - Math.abs(dx)) * half + 0.5);
                if (cover <= 0) {
                    continue;
                }
                double alpha = Math.min(1, cover);
                double v = (py - edgeTop) / Math.max(1, edgeBottom - edgeTop);
                double shade = light * tone * (1.05 - 0.2 * v) * (1 - 0.12 * dx * dx);
                if (pleated && Math.abs(Math.sin(v * Math.PI * 3)) < 0.15) { // the folds of a surgical mask
                    shade *= 0.9;
                }
                shade *= 1 + 0.04 * (rnd.nextDouble() * 2 - 1); // fabric, not a flat fill
                int i = (y * b + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double paintValue = Math.clamp(colour[2 - c] * shade, 0, 255);
                    double old = Byte.toUnsignedInt(base[i + c]);
                    out[i + c] = (byte) Math.round(old + (paintValue - old) * alpha);
                }
            }
        }
        return out;
    }

    private static double meanLuma(byte[] img, int b, double x1, double y1, double x2, double y2) {
        double sum = 0;
        int n = 0;
        for (int y = Math.max(0, (int) y1); y < Math.min(b, (int) Math.ceil(y2)); y++) {
            for (int x = Math.max(0, (int) x1); x < Math.min(b, (int) Math.ceil(x2)); x++) {
                int i = (y * b + x) * 3;
                sum += 0.114 * Byte.toUnsignedInt(img[i]) + 0.587 * Byte.toUnsignedInt(img[i + 1]) + 0.299 * Byte.toUnsignedInt(img[i + 2]);
                n++;
            }
        }
        return n == 0 ? 128 : sum / n;
    }
}
