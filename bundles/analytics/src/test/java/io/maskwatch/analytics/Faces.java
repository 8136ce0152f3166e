package io.maskwatch.analytics;

import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;

/** Detections for tests. */
final class Faces {

    private Faces() {
    }

    static Detection unmasked(double x, double y, double prob) {
        return Detection.of(new PixelBox(x, y, x + 40, y + 50), 0.9, MaskLabel.NO_MASK, prob);
    }

    /** A face scored by a three-class model; the label is the most probable class. */
    static Detection threeClass(double x, double y, double mask, double noMask, double incorrect) {
        MaskLabel label = mask >= noMask && mask >= incorrect ? MaskLabel.MASK : noMask >= incorrect ? MaskLabel.NO_MASK : MaskLabel.MASK_INCORRECT;
        double prob = Math.max(mask, Math.max(noMask, incorrect));
        return Detection.of(new PixelBox(x, y, x + 40, y + 50), 0.9, label, prob, noMask + incorrect);
    }

    static Detection masked(double x, double y) {
        return Detection.of(new PixelBox(x, y, x + 40, y + 50), 0.9, MaskLabel.MASK, 0.95);
    }
}
