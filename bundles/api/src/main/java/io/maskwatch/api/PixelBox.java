package io.maskwatch.api;

/**
 * An axis-aligned box in pixels of the original image: {@code (x1, y1)} top-left inclusive,
 * {@code (x2, y2)} bottom-right exclusive.
 */
public record PixelBox(double x1, double y1, double x2, double y2) {

    public PixelBox {
        if (!(x2 >= x1 && y2 >= y1)) {
            throw new IllegalArgumentException("box corners out of order: " + x1 + "," + y1 + "," + x2 + "," + y2);
        }
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    /** Intersection over union; 0 when either box is empty. */
    public double iou(PixelBox other) {
        double ix = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double iy = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / (area() + other.area() - inter);
    }
}
