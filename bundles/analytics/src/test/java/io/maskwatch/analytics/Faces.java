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

    static Detection masked(double x, double y) {
        return Detection.of(new PixelBox(x, y, x + 40, y + 50), 0.9, MaskLabel.MASK, 0.95);
    }
}
