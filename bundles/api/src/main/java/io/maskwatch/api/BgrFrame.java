package io.maskwatch.api;

import java.lang.foreign.MemorySegment;

/**
 * An 8-bit, three-channel, interleaved BGR image, the layout FFmpeg and OpenCV hand out.
 * The pixels are borrowed, not copied: the frame is valid only while its owner keeps the
 * segment alive, and a consumer that needs the pixels later must copy them.
 *
 * @param width     pixels per row
 * @param height    rows
 * @param rowStride bytes from the start of one row to the next, at least {@code width * 3}
 * @param pixels    at least {@code rowStride * (height - 1) + width * 3} bytes
 */
public record BgrFrame(int width, int height, int rowStride, MemorySegment pixels) {

    public BgrFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        if (rowStride < width * 3) {
            throw new IllegalArgumentException("row stride " + rowStride + " is shorter than a row of " + width + " BGR pixels");
        }
        long needed = (long) rowStride * (height - 1) + (long) width * 3;
        if (pixels.byteSize() < needed) {
            throw new IllegalArgumentException("pixel buffer holds " + pixels.byteSize() + " bytes, frame needs " + needed);
        }
    }

    /** A tightly packed frame ({@code rowStride == width * 3}). */
    public static BgrFrame packed(int width, int height, MemorySegment pixels) {
        return new BgrFrame(width, height, width * 3, pixels);
    }

    public boolean isPacked() {
        return rowStride == width * 3;
    }
}
