package io.maskwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskDetectorTest {

    @Test
    void theDefaultMinimumFaceSizeFiltersByTheLongerSide() {
        Detection small = Detection.of(new PixelBox(0, 0, 10, 12), 0.9, MaskLabel.MASK, 0.9);
        Detection wide = Detection.of(new PixelBox(0, 0, 30, 12), 0.8, MaskLabel.NO_MASK, 0.9);
        MaskDetector d = frame -> List.of(small, wide);
        BgrFrame frame = BgrFrame.packed(1, 1, MemorySegment.ofArray(new byte[3]));
        assertEquals(List.of(small, wide), d.detect(frame, 12));
        assertEquals(List.of(wide), d.detect(frame, 13));
    }
}
