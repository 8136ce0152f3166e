package io.maskwatch.detector;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides the scales (and, for fixed-size models, the tiles) at which a frame is searched so that
 * every face between the minimum and maximum face size lands, at some scale, inside the size range
 * the model finds reliably. Small faces in a large frame are the reason: a 20 px face in a 1080p
 * frame shrunk to 128 px would be 2 px.
 */
final class ScalePlanner {

    /** Consecutive scales overlap by this factor so a face at a boundary is seen twice, not zero times. */
    static final double OVERLAP = 1.3;
    /** The smallest tile side in frame pixels; smaller tiles only magnify noise. */
    static final int MIN_TILE = 24;

    private final FaceModel model;
    private final long maxModelPixels;

    ScalePlanner(FaceModel model, long maxModelPixels) {
        this.model = model;
        this.maxModelPixels = maxModelPixels;
    }

    /**
     * @param minFace smallest face side to find, in frame pixels
     * @param maxFace largest face side to find, in frame pixels
     */
    List<Pass> plan(int width, int height, double minFace, double maxFace) {
        if (minFace <= 0 || maxFace < minFace) {
            throw new IllegalArgumentException("face size range " + minFace + ".." + maxFace + " is empty");
        }
        return model.anySize() ? wholeFrameScales(width, height, minFace, maxFace) : tiles(width, height, minFace, maxFace);
    }

    private List<Pass> wholeFrameScales(int width, int height, double minFace, double maxFace) {
        double lo = model.smallestFace();
        double hi = model.largestFace();
        // Sizes snap to a multiple of 32 (at least the stride), which bounds how many input sizes get
        // compiled for a folder of photos of assorted sizes; the aspect ratio moves by at most 16 px.
        int stride = Math.max(32, model.largestStride());
        double scale = lo / minFace;
        double cap = Math.sqrt((double) maxModelPixels / ((double) width * height));
        scale = Math.min(scale, cap);
        List<Pass> passes = new ArrayList<>();
        while (true) {
            int mw = Math.max(stride, (int) Math.round(width * scale / stride) * stride);
            int mh = Math.max(stride, (int) Math.round(height * scale / stride) * stride);
            passes.add(new Pass(mh, mw, height, width, List.<int[]>of(new int[] {0, 0})));
            if (hi / scale >= maxFace || (mw == stride && mh == stride)) {
                return passes;
            }
            scale = scale * lo * OVERLAP / hi;
        }
    }

    private List<Pass> tiles(int width, int height, double minFace, double maxFace) {
        int size = model.inputSize();
        double lo = model.smallestFace();
        // A face is only certain to lie wholly inside some tile if it is no larger than the tile
        // overlap, which is at most half a tile; larger faces are left to the next, coarser level.
        double hi = Math.min(model.largestFace(), size / 2.0);
        int longest = Math.max(width, height);
        double tile = Math.max(MIN_TILE, size * minFace / lo);
        List<Pass> passes = new ArrayList<>();
        while (true) {
            int t = (int) Math.round(tile);
            if (t >= longest) {
                passes.add(new Pass(size, size, longest, longest, List.<int[]>of(new int[] {0, 0})));
                return passes;
            }
            double biggest = t * hi / size;
            int step = Math.max(1, (int) Math.floor(t - biggest));
            List<int[]> origins = new ArrayList<>();
            for (int y : starts(height, t, step)) {
                for (int x : starts(width, t, step)) {
                    origins.add(new int[] {x, y});
                }
            }
            passes.add(new Pass(size, size, t, t, origins));
            if (biggest >= maxFace) {
                return passes;
            }
            tile = tile * hi / (lo * OVERLAP);
        }
    }

    /** Tile starts along one axis: evenly stepped, the last one flush with the far edge. */
    private static List<Integer> starts(int length, int tile, int step) {
        List<Integer> out = new ArrayList<>();
        if (tile >= length) {
            out.add(0);
            return out;
        }
        int n = (int) Math.ceil((double) (length - tile) / step) + 1;
        for (int i = 0; i < n; i++) {
            out.add((int) Math.round((double) i * (length - tile) / (n - 1)));
        }
        return out;
    }
}
