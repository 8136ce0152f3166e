package io.maskwatch.detector;

import io.maskwatch.api.PixelBox;

/**
 * Maps a detector's box onto the box convention of the data it is judged against. BlazeFace draws
 * a tight box from brows to chin; annotators of surveillance data usually include the forehead.
 *
 * @param widthScale  factor on the box width
 * @param heightScale factor on the box height
 * @param shiftY      centre moved down by this fraction of the (original) box height; negative moves it up
 */
public record BoxCalibration(double widthScale, double heightScale, double shiftY) {

    public static final BoxCalibration NONE = new BoxCalibration(1, 1, 0);

    public BoxCalibration {
        if (!(widthScale > 0 && heightScale > 0)) {
            throw new IllegalArgumentException("box calibration scales must be positive");
        }
    }

    PixelBox apply(double cx, double cy, double w, double h) {
        double ny = cy + shiftY * h;
        double nw = w * widthScale;
        double nh = h * heightScale;
        return new PixelBox(cx - nw / 2, ny - nh / 2, cx + nw / 2, ny + nh / 2);
    }
}
