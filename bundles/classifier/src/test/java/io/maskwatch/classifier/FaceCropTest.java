package io.maskwatch.classifier;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FaceCropTest {

    private static BgrFrame frame(int w, int h, int stride) {
        byte[] px = new byte[stride * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    px[y * stride + x * 3 + c] = (byte) (x * 7 + y * 13 + c * 50);
                }
            }
        }
        return new BgrFrame(w, h, stride, MemorySegment.ofArray(px));
    }

    @Test
    void squareIsCentredAndScaledFromTheLongSide() {
        PixelBox sq = FaceCrop.square(new PixelBox(10, 20, 30, 60), 1.25);
        assertEquals(50, sq.width(), 1e-9);
        assertEquals(50, sq.height(), 1e-9);
        assertEquals(20, (sq.x1() + sq.x2()) / 2, 1e-9);
        assertEquals(40, (sq.y1() + sq.y2()) / 2, 1e-9);
    }

    @Test
    void sameSizeResampleIsAnExactCopyEvenWithPadding() {
        BgrFrame f = frame(8, 8, 8 * 3 + 5);
        byte[] out = FaceCrop.resample(f, FaceCrop.whole(f), 8);
        byte[] expected = new byte[8 * 8 * 3];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 24; x++) {
                expected[y * 24 + x] = f.pixels().get(java.lang.foreign.ValueLayout.JAVA_BYTE, (long) y * f.rowStride() + x);
            }
        }
        assertArrayEquals(expected, out);
    }

    @Test
    void outsideTheFrameIsBlack() {
        BgrFrame f = frame(10, 10, 30);
        // Left half of the region lies outside the frame.
        byte[] out = FaceCrop.resample(f, new PixelBox(-10, 0, 10, 20), 4);
        for (int y = 0; y < 4; y++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(0, out[(y * 4) * 3 + c], "pixel at x=0 should be black");
            }
        }
    }

    /**
     * A tiny face crop saved as a file is upscaled whole: its edge pixels must reach the border of
     * the output, not fade into black over the last half source pixel (8 output pixels here).
     */
    @Test
    void upscalingASmallImageKeepsItsEdgePixels() {
        int n = 5, size = 80;
        byte[] px = new byte[n * n * 3];
        java.util.Arrays.fill(px, (byte) 200);
        BgrFrame f = BgrFrame.packed(n, n, MemorySegment.ofArray(px));
        byte[] out = FaceCrop.resample(f, FaceCrop.whole(f), size);
        for (int i = 0; i < out.length; i++) {
            assertEquals(200, Byte.toUnsignedInt(out[i]), "byte " + i);
        }
    }

    /** Past the border the region is black, with no half-pixel fade on either side of it. */
    @Test
    void theBorderBetweenImageAndBlackIsSharp() {
        int n = 4;
        byte[] px = new byte[n * n * 3];
        java.util.Arrays.fill(px, (byte) 100);
        BgrFrame f = BgrFrame.packed(n, n, MemorySegment.ofArray(px));
        // 8 source pixels into 16: the left half lies outside the frame, 2 output pixels per source pixel.
        byte[] out = FaceCrop.resample(f, new PixelBox(-4, 0, 4, 4), 16);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                assertEquals(x < 8 ? 0 : 100, Byte.toUnsignedInt(out[(y * 16 + x) * 3]), "x=" + x + " y=" + y);
            }
        }
    }

    /** A cut box is the box's own pixels, rounded to whole pixels and clipped to the frame. */
    @Test
    void aCutIsTheBoxsPixelsAsAFrameOfTheirOwn() {
        BgrFrame f = frame(10, 8, 10 * 3 + 4);
        BgrFrame cut = FaceCrop.cut(f, new PixelBox(2.4, 1.6, 6.5, 5));
        assertEquals(5, cut.width(), "x from 2 to 7");
        assertEquals(3, cut.height(), "y from 2 to 5");
        for (int y = 0; y < cut.height(); y++) {
            for (int x = 0; x < cut.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(f.pixels().get(ValueLayout.JAVA_BYTE, (long) (y + 2) * f.rowStride() + (x + 2) * 3L + c),
                            cut.pixels().get(ValueLayout.JAVA_BYTE, (long) y * cut.rowStride() + x * 3L + c));
                }
            }
        }
        BgrFrame clipped = FaceCrop.cut(f, new PixelBox(-3, 6, 4, 20));
        assertEquals(4, clipped.width());
        assertEquals(2, clipped.height());
        assertNull(FaceCrop.cut(f, new PixelBox(11, 2, 15, 4)), "a box beside the frame leaves nothing to cut");
        assertNull(FaceCrop.cut(f, new PixelBox(3, 3, 3.2, 6)), "under half a pixel wide rounds to nothing");
    }

    @Test
    void shrinkingAveragesInsteadOfPickingPixels() {
        // A 1-pixel checkerboard shrunk 4x must come out mid-grey, not black or white.
        int n = 16;
        byte[] px = new byte[n * n * 3];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                byte v = (byte) (((x + y) & 1) == 0 ? 255 : 0);
                px[(y * n + x) * 3] = px[(y * n + x) * 3 + 1] = px[(y * n + x) * 3 + 2] = v;
            }
        }
        BgrFrame f = BgrFrame.packed(n, n, MemorySegment.ofArray(px));
        byte[] out = FaceCrop.resample(f, FaceCrop.whole(f), 4);
        for (byte b : out) {
            assertEquals(127.5, Byte.toUnsignedInt(b), 1.0);
        }
    }

    /**
     * Flipping a finished crop must give the crop of the mirrored frame at the reflected box, so
     * that test-time mirroring sees the same face.
     */
    @Test
    void aMirroredCropIsTheCropOfTheMirroredFrame() {
        int w = 40, h = 30, size = 12;
        BgrFrame f = frame(w, h, w * 3);
        byte[] flippedPx = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    flippedPx[(y * w + (w - 1 - x)) * 3 + c] = f.pixels().get(java.lang.foreign.ValueLayout.JAVA_BYTE, (long) y * w * 3 + x * 3 + c);
                }
            }
        }
        BgrFrame flipped = BgrFrame.packed(w, h, MemorySegment.ofArray(flippedPx));
        PixelBox box = new PixelBox(3.5, 2, 31, 27.5); // off-centre, shrunk about 2.3x: several taps per pixel
        byte[] crop = FaceCrop.resample(f, box, size);
        byte[] expected = FaceCrop.resample(flipped, new PixelBox(w - box.x2(), box.y1(), w - box.x1(), box.y2()), size);
        byte[] both = new byte[2 * crop.length];
        System.arraycopy(crop, 0, both, 0, crop.length);
        MemorySegment buf = MemorySegment.ofArray(both);
        FaceCrop.mirror(buf, 0, size * 3L, buf, crop.length, size, size);
        // Equal up to float rounding of the taps, summed in the other order: a column shifted by
        // one would differ by about 16 in this gradient.
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Byte.toUnsignedInt(expected[i]), Byte.toUnsignedInt(both[crop.length + i]), 1, "byte " + i);
        }
        assertArrayEquals(crop, java.util.Arrays.copyOf(both, crop.length), "the source crop must stay as it was");
    }
}
