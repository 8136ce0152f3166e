package io.maskwatch.detector;

import io.maskwatch.api.PixelBox;

/**
 * Maps a detector's box onto the box convention of the data it is judged against. BlazeFace draws
 * a tight box from brows to chin; annotators of surveillance data usually include the forehead.
 * Part of the difference is proportional and part is a fixed number of pixels, which only shows on
 * small faces: one pixel is a tenth of a 10 px face's width, and decides whether its IoU passes 0.5.
 *
 * @param widthScale  factor on the box width
 * @param heightScale factor on the box height
 * @param shiftY      centre moved down by this fraction of the (original) box height; negative moves it up
 * @param endPixels   then the right and bottom edges move out by this many image pixels
 */
public record BoxCalibration(double widthScale, double heightScale, double shiftY, double endPixels) {

    public static final BoxCalibration NONE = new BoxCalibration(1, 1, 0, 0);

    public BoxCalibration {
        if (!(widthScale > 0 && heightScale > 0)) {
            throw new IllegalArgumentException("box calibration scales must be positive");
        }
    }

    PixelBox apply(double cx, double cy, double w, double h) {
        double ny = cy + shiftY * h;
        double nw = w * widthScale;
        double nh = h * heightScale;
        return new PixelBox(cx - nw / 2, ny - nh / 2, cx + nw / 2 + endPixels, ny + nh / 2 + endPixels);
    }
}
