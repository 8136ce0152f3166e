package io.maskwatch.detector;

import io.maskwatch.api.PixelBox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoxCalibrationTest {

    @Test
    void scalesAboutTheCentreShiftsDownThenMovesTheRightAndBottomEdges() {
        PixelBox box = new BoxCalibration(1.5, 0.5, 0.25, 1).apply(100, 50, 20, 40);

        assertEquals(85, box.x1(), 1e-9);
        assertEquals(116, box.x2(), 1e-9);
        assertEquals(50, box.y1(), 1e-9);
        assertEquals(71, box.y2(), 1e-9);
    }

    @Test
    void noneLeavesTheBoxAlone() {
        assertEquals(new PixelBox(90, 30, 110, 70), BoxCalibration.NONE.apply(100, 50, 20, 40));
    }

    @Test
    void refusesScalesThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new BoxCalibration(0, 1, 0, 0));
    }
}
