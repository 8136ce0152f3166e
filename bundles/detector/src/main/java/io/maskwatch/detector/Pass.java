package io.maskwatch.detector;

import java.util.List;

/**
 * One inference over a frame: equally sized regions of the frame (tiles, or the whole frame),
 * each resized in the graph to the model input. Regions may reach past the frame's edges; that
 * part is black.
 *
 * @param modelHeight  model input rows
 * @param modelWidth   model input columns
 * @param regionHeight frame rows per region
 * @param regionWidth  frame columns per region
 * @param origins      top-left frame pixel of each region, as {@code {x, y}}
 */
public record Pass(int modelHeight, int modelWidth, int regionHeight, int regionWidth, List<int[]> origins) {

    public Pass {
        origins = List.copyOf(origins);
    }

    /** True when the single region is exactly the frame, so the frame goes in without a copy. */
    boolean isWholeFrame(int frameWidth, int frameHeight) {
        return origins.size() == 1 && origins.getFirst()[0] == 0 && origins.getFirst()[1] == 0
                && regionWidth == frameWidth && regionHeight == frameHeight;
    }
}
