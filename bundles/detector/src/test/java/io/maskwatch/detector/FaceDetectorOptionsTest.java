package io.maskwatch.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FaceDetectorOptionsTest {

    @Test
    void automaticMinimumFaceFollowsTheShortSide() {
        FaceDetectorOptions auto = FaceDetectorOptions.defaults();
        assertEquals(0, auto.minFace());
        assertEquals(20, auto.minFaceFor(1920, 1080), 1e-9);
        assertEquals(20, auto.minFaceFor(1080, 1920), 1e-9);
        assertEquals(720 * 20.0 / 1080, auto.minFaceFor(1280, 720), 1e-9);
        assertEquals(6, auto.minFaceFor(400, 300), 1e-9, "small photos stop at the floor");
        assertEquals(33, auto.withMinFace(33).minFaceFor(1920, 1080), 1e-9);
    }

    @Test
    void choosingAModelBringsItsCalibration() {
        FaceDetectorOptions o = FaceDetectorOptions.defaults().withModel(FaceModel.SHORT_RANGE);
        assertEquals(FaceModel.SHORT_RANGE.calibration(), o.calibration());
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        FaceDetectorOptions d = FaceDetectorOptions.defaults();
        assertEquals("minimum face size must be at least 1 px (or 0 for automatic), got 0.5",
                assertThrows(IllegalArgumentException.class, () -> d.withMinFace(0.5)).getMessage());
        assertEquals("face score threshold must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> d.withScoreThreshold(1)).getMessage());
        assertEquals("NMS overlap must be in (0, 1), got 0.0",
                assertThrows(IllegalArgumentException.class, () -> d.withNms(0, true)).getMessage());
    }
}
