package io.maskwatch.classifier;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The crop policy shared by training and inference, so that both see the same pixels: a square
 * centred on the face box, its side {@code scale × max(w, h)}, the part outside the image black,
 * resampled to the model's input size.
 *
 * <p>The image ends at its border, not at its outermost pixel centres: a tap within half a pixel
 * of the border takes the edge pixel's value rather than fading towards black. Upscaling a 6-pixel
 * face crop to 80 px would otherwise frame it in a dark band about 7 px wide, which no training
 * crop cut from a frame has.
 *
 * <p>Resampling is bilinear; when shrinking by more than 2× each output pixel averages a grid of
 * bilinear taps over its footprint, so a large photo does not alias into noise at 112 px.
 * The trainer and {@link MaskClassifier} both call this, which is why the resize is not left to
 * OpenVINO's PrePostProcessor: its linear resize does not antialias, and a batch of faces of
 * different sizes has to share one tensor shape anyway.
 */
public final class FaceCrop {

    /** The default {@code scale}; written to model.json as {@code "crop":{"square":true,"scale":1.25}}. */
    public static final double DEFAULT_SCALE = 1.25;

    private FaceCrop() {
    }

    /** The square region for a face box. */
    public static PixelBox square(PixelBox face, double scale) {
        double side = scale * Math.max(face.width(), face.height());
        double cx = (face.x1() + face.x2()) / 2;
        double cy = (face.y1() + face.y2()) / 2;
        return new PixelBox(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2);
    }

    /** The whole frame, for images that are already face crops. */
    public static PixelBox whole(BgrFrame frame) {
        return new PixelBox(0, 0, frame.width(), frame.height());
    }

    /**
     * The pixels of {@code box}, rounded to whole pixels and clipped to the frame, as a frame of
     * their own that shares the source's memory: the face crop someone saves when cutting an image
     * at a box. Resampling it {@link #whole whole} then reads the box as {@code classify} reads
     * that file, with nothing from beyond the box. Null when less than a pixel remains.
     */
    public static BgrFrame cut(BgrFrame frame, PixelBox box) {
        int x1 = Math.clamp(Math.round(box.x1()), 0, frame.width());
        int y1 = Math.clamp(Math.round(box.y1()), 0, frame.height());
        int x2 = Math.clamp(Math.round(box.x2()), 0, frame.width());
        int y2 = Math.clamp(Math.round(box.y2()), 0, frame.height());
        if (x2 <= x1 || y2 <= y1) {
            return null;
        }
        long start = (long) y1 * frame.rowStride() + x1 * 3L;
        long length = (long) frame.rowStride() * (y2 - y1 - 1) + (x2 - x1) * 3L;
        return new BgrFrame(x2 - x1, y2 - y1, frame.rowStride(), frame.pixels().asSlice(start, length));
    }

    /**
     * Resamples {@code region} of {@code frame} to {@code size × size} packed BGR bytes written at
     * {@code dstOffset} of {@code dst}. Pixels outside the frame are black.
     */
    public static void resample(BgrFrame frame, PixelBox region, int size, MemorySegment dst, long dstOffset) {
        if (region.width() <= 0 || region.height() <= 0) {
            throw new IllegalArgumentException("empty crop region " + region);
        }
        Axis ax = new Axis(region.x1(), region.width(), size, frame.width());
        Axis ay = new Axis(region.y1(), region.height(), size, frame.height());
        MemorySegment src = frame.pixels();
        int w = frame.width();
        int h = frame.height();
        long stride = frame.rowStride();
        float norm = 1f / (ax.taps * ay.taps);
        float[] acc = new float[3];
        for (int oy = 0; oy < size; oy++) {
            for (int ox = 0; ox < size; ox++) {
                acc[0] = acc[1] = acc[2] = 0f;
                for (int ty = 0; ty < ay.taps; ty++) {
                    int iy = oy * ay.taps + ty;
                    int y0 = ay.first[iy];
                    int y1 = ay.second[iy];
                    float fy = ay.frac[iy];
                    for (int tx = 0; tx < ax.taps; tx++) {
                        int ix = ox * ax.taps + tx;
                        int x0 = ax.first[ix];
                        int x1 = ax.second[ix];
                        float fx = ax.frac[ix];
                        for (int c = 0; c < 3; c++) {
                            float p00 = pixel(src, stride, w, h, x0, y0, c);
                            float p01 = pixel(src, stride, w, h, x1, y0, c);
                            float p10 = pixel(src, stride, w, h, x0, y1, c);
                            float p11 = pixel(src, stride, w, h, x1, y1, c);
                            float top = p00 + (p01 - p00) * fx;
                            float bottom = p10 + (p11 - p10) * fx;
                            acc[c] += top + (bottom - top) * fy;
                        }
                    }
                }
                long o = dstOffset + ((long) oy * size + ox) * 3;
                for (int c = 0; c < 3; c++) {
                    int v = Math.round(acc[c] * norm);
                    dst.set(ValueLayout.JAVA_BYTE, o + c, (byte) Math.clamp(v, 0, 255));
                }
            }
        }
    }

    /** Convenience for callers that work with heap arrays (the trainer). */
    public static byte[] resample(BgrFrame frame, PixelBox region, int size) {
        byte[] out = new byte[size * size * 3];
        resample(frame, region, size, MemorySegment.ofArray(out), 0);
        return out;
    }

    private static float pixel(MemorySegment src, long stride, int w, int h, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0f;
        }
        return Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, y * stride + x * 3L + c));
    }

    /**
     * Source positions and weights of every tap along one axis, computed once per crop: the two
     * pixels a tap blends, and the weight of the second. A tap outside the image reads index −1,
     * which is black.
     */
    private static final class Axis {
        final int taps;
        final int[] first;
        final int[] second;
        final float[] frac;

        Axis(double start, double length, int size, int limit) {
            double step = length / size;
            taps = Math.max(1, (int) Math.ceil(step - 1e-9));
            first = new int[size * taps];
            second = new int[size * taps];
            frac = new float[size * taps];
            for (int o = 0; o < size; o++) {
                for (int t = 0; t < taps; t++) {
                    int i = o * taps + t;
                    // Pixel centres sit at +0.5, so a 1:1 copy samples exactly on source pixels.
                    double s = start + (o + (t + 0.5) / taps) * step - 0.5;
                    if (s < -0.5 || s > limit - 0.5) {
                        first[i] = second[i] = -1;
                        continue;
                    }
                    double inside = Math.clamp(s, 0, limit - 1);
                    int f = (int) Math.floor(inside);
                    first[i] = f;
                    second[i] = Math.min(f + 1, limit - 1);
                    frac[i] = (float) (inside - f);
                }
            }
        }
    }

    /**
     * Writes the left-right mirror image of a {@code width × height} BGR image, whose rows start
     * {@code srcStride} bytes apart at {@code from} in {@code src}, packed to {@code to} in
     * {@code dst}. Source and destination must not overlap. Used for a finished crop (test-time
     * mirroring in {@link MaskClassifier}) and for whole frames (the face detector's mirrored search).
     */
    public static void mirror(MemorySegment src, long from, long srcStride, MemorySegment dst, long to, int width, int height) {
        byte[] row = new byte[width * 3];
        byte[] flipped = new byte[width * 3];
        for (int y = 0; y < height; y++) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, from + y * srcStride, row, 0, row.length);
            for (int x = 0; x < width; x++) {
                System.arraycopy(row, x * 3, flipped, (width - 1 - x) * 3, 3);
            }
            MemorySegment.copy(flipped, 0, dst, ValueLayout.JAVA_BYTE, to + (long) y * row.length, flipped.length);
        }
    }
}
