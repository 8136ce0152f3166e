package io.maskwatch.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalePlannerTest {

    /**
     * Every face size from the minimum to the frame's short side must fall, at some pass, inside the
     * range the model detects, and (for tiles) fit wholly inside one tile wherever it is.
     */
    @ParameterizedTest
    @CsvSource({
            "SHORT_RANGE, 1920, 1080, 20",
            "SHORT_RANGE, 400, 300, 8",
            "FULL_RANGE, 1920, 1080, 20",
            "FULL_RANGE, 1280, 720, 40",
            "FULL_RANGE_SPARSE, 301, 400, 10",
            "CENTERFACE, 1920, 1080, 20",
            "CENTERFACE, 400, 226, 6"})
    void everyFaceSizeIsSeenAtSomeScale(FaceModel model, int width, int height, double minFace) {
        int maxFace = Math.min(width, height);
        List<Pass> passes = new ScalePlanner(model, 16_000_000L).plan(width, height, minFace, maxFace);
        for (double face = minFace; face <= maxFace; face *= 1.07) {
            boolean seen = false;
            for (Pass p : passes) {
                double scale = (double) p.modelWidth() / p.regionWidth();
                double inModel = face * scale;
                boolean fitsTile = p.origins().size() == 1 || face <= tileOverlap(p) + 1e-6;
                if (inModel >= model.smallestFace() * 0.99 && inModel <= model.largestFace() * 1.01 && fitsTile) {
                    seen = true;
                }
            }
            assertTrue(seen, "a " + Math.round(face) + " px face in " + width + "x" + height + " is seen by no pass of " + passes.size());
        }
    }

    /** The overlap between neighbouring tiles: the largest face guaranteed to be wholly inside one. */
    private static double tileOverlap(Pass p) {
        int minStep = Integer.MAX_VALUE;
        for (int[] a : p.origins()) {
            for (int[] b : p.origins()) {
                if (a[1] == b[1] && b[0] > a[0]) {
                    minStep = Math.min(minStep, b[0] - a[0]);
                }
            }
        }
        return minStep == Integer.MAX_VALUE ? p.regionWidth() : p.regionWidth() - minStep;
    }

    @ParameterizedTest
    @CsvSource({"FULL_RANGE, 1920, 1080, 20", "FULL_RANGE, 640, 480, 12"})
    void tilesCoverTheWholeFrame(FaceModel model, int width, int height, double minFace) {
        for (Pass p : new ScalePlanner(model, 16_000_000L).plan(width, height, minFace, Math.max(width, height))) {
            boolean[][] covered = new boolean[height][width];
            for (int[] o : p.origins()) {
                for (int y = Math.max(0, o[1]); y < Math.min(height, o[1] + p.regionHeight()); y++) {
                    for (int x = Math.max(0, o[0]); x < Math.min(width, o[0] + p.regionWidth()); x++) {
                        covered[y][x] = true;
                    }
                }
            }
            for (int y = 0; y < height; y += 7) {
                for (int x = 0; x < width; x += 7) {
                    assertTrue(covered[y][x], "pixel " + x + "," + y + " is in no tile of " + p);
                }
            }
            assertEquals(model.inputSize(), p.modelWidth());
        }
    }

    @ParameterizedTest
    @CsvSource({"SHORT_RANGE, 1920, 1080, 4", "CENTERFACE, 3840, 2160, 2"})
    void theInputSizeLimitHolds(FaceModel model, int width, int height, double minFace) {
        long limit = 4_000_000L;
        for (Pass p : new ScalePlanner(model, limit).plan(width, height, minFace, Math.max(width, height))) {
            assertTrue((long) p.modelWidth() * p.modelHeight() <= limit * 1.05, p + " is over the limit");
            assertEquals(0, p.modelWidth() % model.largestStride());
            assertEquals(0, p.modelHeight() % model.largestStride());
        }
    }
}
