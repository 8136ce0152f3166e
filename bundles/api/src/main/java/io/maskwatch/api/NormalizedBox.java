package io.maskwatch.api;

/** A box as fractions of the frame, top-left origin: {@code x, y, width, height} all in [0, 1]. */
public record NormalizedBox(double x, double y, double width, double height) {

    public static NormalizedBox of(PixelBox box, int frameWidth, int frameHeight) {
        double x = clamp(box.x1() / frameWidth);
        double y = clamp(box.y1() / frameHeight);
        return new NormalizedBox(x, y, clamp(box.x2() / frameWidth) - x, clamp(box.y2() / frameHeight) - y);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
