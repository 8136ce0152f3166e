package io.maskwatch.video;

import io.maskwatch.api.BgrFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;

/**
 * A decoded frame in a native buffer owned by a {@link FrameSlot}. The consumer that took it hands it
 * back with {@link FrameSlot#release}; its pixels are invalid after that.
 */
public final class VideoFrame {

    private final Arena arena;
    private final MemorySegment pixels;
    private final int width;
    private final int height;
    private long number;
    private double mediaSeconds;
    private Instant wallTime;
    private long decodedNanos;

    VideoFrame(int width, int height) {
        this.width = width;
        this.height = height;
        this.arena = Arena.ofShared();
        this.pixels = arena.allocate((long) width * height * 3, 64);
    }

    void fill(Picture p, long number, Instant wallTime, long decodedNanos) {
        long row = (long) width * 3;
        if (p.rowStride() == row) {
            MemorySegment.copy(p.pixels(), 0, pixels, 0, row * height);
        } else {
            for (int y = 0; y < height; y++) {
                MemorySegment.copy(p.pixels(), (long) y * p.rowStride(), pixels, y * row, row);
            }
        }
        this.number = number;
        this.mediaSeconds = p.mediaSeconds();
        this.wallTime = wallTime;
        this.decodedNanos = decodedNanos;
    }

    boolean fits(int w, int h) {
        return w == width && h == height;
    }

    void free() {
        arena.close();
    }

    /** The pixels, packed BGR; valid until this frame is released. */
    public BgrFrame bgr() {
        return BgrFrame.packed(width, height, pixels);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Sequence number within the current connection, from 1. */
    public long number() {
        return number;
    }

    /** Seconds from the start of the stream or file, or null when the stream gave no timestamp. */
    public Double mediaSeconds() {
        return Double.isNaN(mediaSeconds) ? null : mediaSeconds;
    }

    /** Wall-clock time of the frame: the connect time plus its presentation time. */
    public Instant wallTime() {
        return wallTime;
    }

    /** {@link System#nanoTime()} when the frame was decoded, for latency measurements. */
    public long decodedNanos() {
        return decodedNanos;
    }
}
