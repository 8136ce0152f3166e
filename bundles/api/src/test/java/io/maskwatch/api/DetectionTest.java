package io.maskwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DetectionTest {

    private static final PixelBox BOX = new PixelBox(0, 0, 10, 10);

    @Test
    void aTwoClassDetectionDerivesItsNonCompliantProbabilityFromTheLabel() {
        assertEquals(0.8, Detection.of(BOX, 0.5, MaskLabel.NO_MASK, 0.8).nonCompliantProb(), 1e-12);
        assertEquals(0.2, Detection.of(BOX, 0.5, MaskLabel.MASK, 0.8).nonCompliantProb(), 1e-12);
        assertEquals(0.2, new Detection(BOX, 0.5, MaskLabel.MASK, 0.8, 0.4).nonCompliantProb(), 1e-12);
    }

    @Test
    void aThreeClassDetectionKeepsTheGivenNonCompliantProbability() {
        Detection d = Detection.of(BOX, 0.5, MaskLabel.NO_MASK, 0.45, 0.85);
        assertEquals(0.85, d.nonCompliantProb(), 1e-12);
        assertEquals(0.5 * 0.45, d.score(), 1e-12, "ranking still follows the label's own probability");
        assertEquals(0.5 * 0.85, d.nonCompliantScore(), 1e-12);
    }
}
