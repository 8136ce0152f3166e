package io.maskwatch.trainer;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaintedMasksTest {

    private static final int B = 160;
    // The face box of a square face cropped at 1.25: the middle 80 % of the crop.
    private static final double X1 = 16, Y1 = 16, X2 = 144, Y2 = 144;

    private static byte[] face() {
        byte[] px = new byte[B * B * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (90 + (i % 7) * 10);
        }
        return px;
    }

    /** Whether any pixel of the face's row at {@code v} (0 top, 1 bottom of the box) changed near the centre line. */
    private static boolean rowChanged(byte[] before, byte[] after, double v) {
        int y = (int) (Y1 + v * (Y2 - Y1));
        for (int x = 70; x < 90; x++) {
            for (int c = 0; c < 3; c++) {
                int i = (y * B + x) * 3 + c;
                if (before[i] != after[i]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void belowTheNoseLeavesTheNoseBareAndCoversTheChin() {
        byte[] base = face();
        byte[] copy = base.clone();
        for (long seed = 0; seed < 50; seed++) {
            byte[] out = PaintedMasks.paint(base, B, X1, Y1, X2, Y2, PaintedMasks.Kind.BELOW_NOSE, new SplittableRandom(seed));
            assertFalse(rowChanged(base, out, 0.48), "the nose (48 % down the box) was painted, seed " + seed);
            assertTrue(rowChanged(base, out, 0.9), "the chin (90 % down) was not painted, seed " + seed);
        }
        assertArrayEquals(copy, base, "painting must not change the stored crop");
    }

    @Test
    void overTheNoseCoversTheNoseButNotTheEyes() {
        byte[] base = face();
        for (long seed = 0; seed < 50; seed++) {
            byte[] out = PaintedMasks.paint(base, B, X1, Y1, X2, Y2, PaintedMasks.Kind.OVER_NOSE, new SplittableRandom(seed));
            assertTrue(rowChanged(base, out, 0.6), "the nose was not covered, seed " + seed);
            assertFalse(rowChanged(base, out, 0.25), "the eyes (25 % down) were painted, seed " + seed);
        }
    }

    @Test
    void eachKindComesAtTheGivenRateAndZeroTurnsItOff() {
        PaintedMasks painter = new PaintedMasks(0.2);
        SplittableRandom rnd = new SplittableRandom(7);
        int below = 0, over = 0, n = 20000;
        for (int i = 0; i < n; i++) {
            switch (painter.pick(rnd)) {
                case BELOW_NOSE -> below++;
                case OVER_NOSE -> over++;
                case NONE -> { }
            }
        }
        assertEquals(0.2, below / (double) n, 0.015);
        assertEquals(0.2, over / (double) n, 0.015);
        assertFalse(new PaintedMasks(0).enabled());
        assertEquals(PaintedMasks.Kind.NONE, new PaintedMasks(0).pick(rnd));
    }
}
