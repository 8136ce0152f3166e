package io.maskwatch.video;

import java.util.ArrayDeque;

/**
 * Spare frame buffers of a {@link FrameSlot} or {@link FrameQueue}: at most two are kept for reuse,
 * others are freed at once. Not thread-safe: used under its owner's lock.
 */
final class FramePool {

    private static final int SPARES = 2;
    private final ArrayDeque<VideoFrame> spare = new ArrayDeque<>(SPARES);

    /** A buffer of this size, reusing a spare one when it fits. */
    VideoFrame acquire(int width, int height) {
        VideoFrame f = spare.poll();
        if (f != null && f.fits(width, height)) {
            return f;
        }
        if (f != null) {
            f.free();
        }
        return new VideoFrame(width, height);
    }

    /** Keeps the buffer as a spare, or frees it when there are enough spares or the owner is closed. */
    void recycle(VideoFrame f, boolean closed) {
        if (closed || spare.size() >= SPARES) {
            f.free();
        } else {
            spare.push(f);
        }
    }

    /** Frees every spare buffer. */
    void clear() {
        spare.forEach(VideoFrame::free);
        spare.clear();
    }
}
