package io.maskwatch.analytics;

import io.maskwatch.api.MaskLabel;
import java.awt.Color;

/**
 * The colours boxes are drawn in, wherever faces are drawn (snapshots, the MJPEG stream, annotated
 * videos, {@code detect --annotate}), so an operator reads every picture the same way.
 */
public final class LabelColours {

    public static final Color MASK = new Color(0, 200, 0);
    public static final Color NO_MASK = new Color(230, 0, 0);
    public static final Color INCORRECT = new Color(255, 176, 0);

    private LabelColours() {
    }

    public static Color of(MaskLabel label) {
        return switch (label) {
            case MASK -> MASK;
            case NO_MASK -> NO_MASK;
            case MASK_INCORRECT -> INCORRECT;
        };
    }
}
