package io.maskwatch.trainer;

import io.maskwatch.api.PixelBox;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmenterTest {

    private static final int SIZE = 80;
    private static final int BASE = 2 * SIZE;
    private static final double CROP_SCALE = 1.25;
    private static final float MEAN = 127.5f;
    private static final float SCALE = 127.5f;
    /** A face box four times as tall as it is wide. */
    private static final PixelBox TALL_FACE = new PixelBox(100, 100, 110, 140);

    /**
     * The stored crop of {@link #TALL_FACE}, as the crop policy cuts it: the box's long side spans
     * BASE / CROP_SCALE pixels in the middle. Bright inside the box, dark around it.
     */
    private static byte[] tallFaceCrop() {
        double height = BASE / CROP_SCALE;
        double width = height / 4;
        byte[] bgr = new byte[BASE * BASE * 3];
        for (int y = 0; y < BASE; y++) {
            for (int x = 0; x < BASE; x++) {
                boolean inside = Math.abs(x + 0.5 - BASE / 2.0) < width / 2 && Math.abs(y + 0.5 - BASE / 2.0) < height / 2;
                for (int c = 0; c < 3; c++) {
                    bgr[(y * BASE + x) * 3 + c] = (byte) (inside ? 230 : 10);
                }
            }
        }
        return bgr;
    }

    private static float[] augment(double boxCrops, PixelBox face, long seed) {
        float[] out = new float[SIZE * SIZE * 3];
        new Augmenter(SIZE, MEAN, SCALE, CROP_SCALE, boxCrops, 0, 1).augment(tallFaceCrop(), BASE, face, new SplittableRandom(seed), out, 0);
        return out;
    }

    /** The darkest corner of the input (3×3 pixels each) over its centre, in grey levels. */
    private static double darkestCornerOverCentre(float[] hwc) {
        double corner = Double.MAX_VALUE;
        for (double fx : new double[] {0.025, 0.975}) {
            for (double fy : new double[] {0.025, 0.975}) {
                corner = Math.min(corner, level(hwc, fx, fy));
            }
        }
        return corner / level(hwc, 0.5, 0.5);
    }

    /** The mean grey level of the 3×3 pixels around (fx, fy) × SIZE. */
    private static double level(float[] hwc, double fx, double fy) {
        int cx = (int) (fx * SIZE), cy = (int) (fy * SIZE);
        double sum = 0;
        for (int y = cy - 1; y <= cy + 1; y++) {
            for (int x = cx - 1; x <= cx + 1; x++) {
                for (int c = 0; c < 3; c++) {
                    sum += hwc[(y * SIZE + x) * 3 + c] * SCALE + MEAN;
                }
            }
        }
        return sum / 27;
    }

    /** How much darker than the centre the input is a fifth in from its left edge, at mid-height. */
    private static double sideDarkening(float[] hwc) {
        return level(hwc, 0.5, 0.5) - level(hwc, 0.2, 0.5);
    }

    @Test
    void aBareBoxFillsTheInputWithTheFaceStretchedToASquare() {
        for (long seed = 0; seed < 50; seed++) {
            double d = sideDarkening(augment(1, TALL_FACE, seed));
            assertTrue(d < 40, "seed " + seed + ": a fifth in from the left edge is still face, darkening " + d);
        }
    }

    @Test
    void thePolicyCropShowsTheMarginAroundANarrowFace() {
        for (long seed = 0; seed < 50; seed++) {
            double d = sideDarkening(augment(0, TALL_FACE, seed));
            assertTrue(d > 60, "seed " + seed + ": a fifth in from the left edge is background, darkening " + d);
        }
    }

    @Test
    void aBoxThinnerThanAPixelKeepsThePolicyCrop() {
        PixelBox thin = new PixelBox(100, 100, 100, 140);
        for (long seed = 0; seed < 20; seed++) {
            float[] x = augment(1, thin, seed);
            for (float v : x) {
                assertTrue(Float.isFinite(v), "seed " + seed + ": finite input");
            }
            double d = sideDarkening(x);
            assertTrue(d > 60, "seed " + seed + ": the policy's margin is shown, darkening " + d);
        }
    }

    /**
     * A stored crop cut 1.5 times wider than the policy's square, grey everywhere: no corner of the
     * augmented input turns black, because zooming out, shifting and rotating stay inside the
     * context. Cut without context, about a third of the same transforms show black in a corner.
     */
    @Test
    void theStoredContextReplacesBlackAroundTheCrop() {
        byte[] grey = new byte[BASE * BASE * 3];
        java.util.Arrays.fill(grey, (byte) 128);
        int blackWithout = 0;
        for (long seed = 0; seed < 50; seed++) {
            for (double boxCrops : new double[] {0, 1}) {
                float[] with = new float[SIZE * SIZE * 3];
                new Augmenter(SIZE, MEAN, SCALE, CROP_SCALE, boxCrops, 0, 1.5).augment(grey, BASE, TALL_FACE, new SplittableRandom(seed), with, 0);
                double ratio = darkestCornerOverCentre(with);
                assertTrue(ratio > 0.7, "seed " + seed + ", box crops " + boxCrops + ": darkest corner " + ratio + " of the centre");
                float[] without = new float[SIZE * SIZE * 3];
                new Augmenter(SIZE, MEAN, SCALE, CROP_SCALE, boxCrops, 0, 1).augment(grey, BASE, TALL_FACE, new SplittableRandom(seed), without, 0);
                blackWithout += darkestCornerOverCentre(without) < 0.3 ? 1 : 0;
            }
        }
        assertTrue(blackWithout > 20, "without context many transforms reach past the stored crop: " + blackWithout + " of 100");
    }

    /**
     * With a margin, the face fills less of the input: a stored crop with 1.5 times context that is
     * bright over the policy's square and dark around it comes out darker on average. And no
     * corner turns black, on a crop grey everywhere: the jitter does not zoom a margin out past the
     * stored context.
     */
    @Test
    void aMarginShowsMoreOfTheContextAroundTheSquare() {
        double square = BASE / 1.5;
        byte[] crop = new byte[BASE * BASE * 3];
        for (int y = 0; y < BASE; y++) {
            for (int x = 0; x < BASE; x++) {
                boolean inside = Math.abs(x + 0.5 - BASE / 2.0) < square / 2 && Math.abs(y + 0.5 - BASE / 2.0) < square / 2;
                java.util.Arrays.fill(crop, (y * BASE + x) * 3, (y * BASE + x) * 3 + 3, (byte) (inside ? 230 : 100));
            }
        }
        byte[] grey = new byte[BASE * BASE * 3];
        java.util.Arrays.fill(grey, (byte) 128);
        PixelBox squareFace = new PixelBox(100, 100, 140, 140);
        double plain = 0, widened = 0;
        for (long seed = 0; seed < 40; seed++) {
            for (double boxCrops : new double[] {0, 1}) {
                float[] without = new float[SIZE * SIZE * 3];
                new Augmenter(SIZE, MEAN, SCALE, 1.0, boxCrops, 0, 1.5).augment(crop, BASE, squareFace, new SplittableRandom(seed), without, 0);
                float[] with = new float[SIZE * SIZE * 3];
                new Augmenter(SIZE, MEAN, SCALE, 1.0, boxCrops, 1, 1.5).augment(crop, BASE, squareFace, new SplittableRandom(seed), with, 0);
                if (boxCrops == 0) {
                    plain += mean(without);
                    widened += mean(with);
                }
                float[] greyWith = new float[SIZE * SIZE * 3];
                new Augmenter(SIZE, MEAN, SCALE, 1.0, boxCrops, 1, 1.5).augment(grey, BASE, TALL_FACE, new SplittableRandom(seed), greyWith, 0);
                double ratio = darkestCornerOverCentre(greyWith);
                assertTrue(ratio > 0.7, "seed " + seed + ", box crops " + boxCrops + ": darkest corner " + ratio + " of the centre");
            }
        }
        assertTrue(widened < plain - 0.05 * 40, "mean input with margins " + widened / 40 + ", without " + plain / 40);
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += f;
        }
        return sum / v.length;
    }

    @Test
    void withoutBoxCropsTheRandomStreamIsTheOneBeforeTheOption() {
        for (long seed = 0; seed < 5; seed++) {
            assertArrayEquals(augment(0, TALL_FACE, seed), augment(1, null, seed), "seed " + seed);
        }
    }
}
