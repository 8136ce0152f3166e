package io.maskwatch.launcher.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.maskwatch.api.PixelBox;
import io.maskwatch.launcher.detect.AveragePrecision.Result;
import io.maskwatch.launcher.detect.AveragePrecision.Scored;
import io.maskwatch.launcher.detect.AveragePrecision.Truth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AveragePrecisionTest {

    private static PixelBox box(double x, double y) {
        return new PixelBox(x, y, x + 10, y + 10);
    }

    private static Truth gt(double x, double y) {
        return new Truth(box(x, y), false);
    }

    @Test
    void perfectDetectionsScoreOne() {
        Map<String, List<Truth>> truth = Map.of("a", List.of(gt(0, 0), gt(50, 50)), "b", List.of(gt(0, 0)));
        List<Scored> dets = List.of(new Scored("a", box(0, 0), 0.9, 0.9), new Scored("a", box(51, 50), 0.8, 0.8),
                new Scored("b", box(0, 1), 0.7, 0.7));
        Result r = AveragePrecision.compute(dets, truth, 0.5, 0.5);
        assertEquals(1.0, r.ap(), 1e-12);
        assertEquals(3, r.positives());
        assertEquals(1.0, r.precisionAt());
        assertEquals(1.0, r.recallAt());
    }

    /**
     * Ranked hit, miss, hit against three truths: precision 1, 1/2, 2/3 at recall 1/3, 1/3, 2/3.
     * The all-point envelope is 1 up to recall 1/3 and 2/3 up to 2/3: AP = 1/3 + 2/9 = 5/9.
     */
    @Test
    void allPointInterpolationOnAKnownRanking() {
        Map<String, List<Truth>> truth = Map.of("a", List.of(gt(0, 0), gt(50, 50), gt(100, 100)));
        List<Scored> dets = List.of(new Scored("a", box(0, 0), 0.9, 0.9), new Scored("a", box(200, 200), 0.8, 0.8),
                new Scored("a", box(50, 50), 0.7, 0.7));
        Result r = AveragePrecision.compute(dets, truth, 0.5, 0.75);
        assertEquals(5.0 / 9, r.ap(), 1e-12);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 2.0 / 3}, r.recall(), 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 2.0 / 3}, r.precision(), 1e-12);
        // At the operating threshold 0.75 only the first two detections count: 1 hit, 1 miss.
        assertEquals(1, r.tpAt());
        assertEquals(1, r.fpAt());
        assertEquals(1.0 / 3, r.recallAt(), 1e-12);
    }

    @Test
    void aSecondDetectionOfTheSameFaceIsAFalsePositive() {
        Map<String, List<Truth>> truth = Map.of("a", List.of(gt(0, 0)));
        List<Scored> dets = List.of(new Scored("a", box(0, 0), 0.9, 0.9), new Scored("a", box(1, 0), 0.8, 0.8));
        Result r = AveragePrecision.compute(dets, truth, 0.5, 0);
        assertEquals(1.0, r.ap(), 1e-12);
        assertEquals(1, r.fpAt());
        assertArrayEquals(new double[] {1, 0.5}, r.precision(), 1e-12);
    }

    @Test
    void belowTheIouThresholdIsAMissAndDifficultTruthIsIgnored() {
        Map<String, List<Truth>> truth = Map.of("a", List.of(gt(0, 0), new Truth(box(50, 50), true)));
        // IoU of (4,0)-(14,10) with (0,0)-(10,10) is 60/140 = 0.43.
        List<Scored> dets = List.of(new Scored("a", box(50, 50), 0.95, 0.95), new Scored("a", box(4, 0), 0.9, 0.9));
        Result r = AveragePrecision.compute(dets, truth, 0.5, 0);
        assertEquals(1, r.positives());
        assertEquals(0.0, r.ap(), 1e-12);
        assertEquals(1, r.recall().length, "the detection of the difficult face is neither hit nor miss");
        assertEquals(1.0, AveragePrecision.compute(dets, truth, 0.4, 0).ap(), 1e-12);
    }

    @Test
    void detectionsInImagesWithoutTruthAreFalsePositives() {
        Map<String, List<Truth>> truth = Map.of("a", List.of(gt(0, 0)));
        List<Scored> dets = List.of(new Scored("z", box(0, 0), 0.9, 0.9), new Scored("a", box(0, 0), 0.8, 0.8));
        assertEquals(0.5, AveragePrecision.compute(dets, truth, 0.5, 0).ap(), 1e-12);
    }
}
