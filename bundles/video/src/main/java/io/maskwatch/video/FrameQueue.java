package io.maskwatch.video;

import java.util.ArrayDeque;

/**
 * The hand-off between a recording's decoder and its analysis: a bounded first-in first-out queue.
 * Unlike a camera's {@link FrameSlot}, nothing is ever dropped: when the queue holds
 * {@code capacity} frames, the decoder blocks until the analysis takes one, so every sampled frame
 * is analysed in order. Native buffers: at most {@code capacity} queued, one being filled, one
 * being analysed, and up to two spares; all are freed by {@link #close()} or, for a frame out with
 * the consumer, when it comes back. Thread-safe.
 */
public final class FrameQueue implements AutoCloseable {

    private final int capacity;
    private final ArrayDeque<VideoFrame> queued;
    private final FramePool pool = new FramePool();
    private boolean ended;
    private boolean closed;

    public FrameQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.queued = new ArrayDeque<>(capacity);
    }

    /** For the decoder: a buffer of this size to fill, reusing a spare one when it fits. */
    synchronized VideoFrame acquire(int width, int height) {
        if (closed) {
            throw new IllegalStateException("frame queue is closed");
        }
        return pool.acquire(width, height);
    }

    /**
     * For the decoder: appends a filled frame, waiting while the queue is full.
     *
     * @return false when the queue was closed meanwhile (the frame is freed)
     */
    synchronized boolean put(VideoFrame frame) throws InterruptedException {
        while (queued.size() >= capacity && !closed) {
            wait();
        }
        if (closed) {
            frame.free();
            return false;
        }
        queued.add(frame);
        notifyAll();
        return true;
    }

    /** For the decoder: no more frames will come. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /**
     * For the consumer: the oldest frame, waiting for one.
     *
     * @return the frame, to be handed back with {@link #release}; null once the decoder has ended
     *         and every frame was taken, or when the queue is closed
     */
    public synchronized VideoFrame take() throws InterruptedException {
        while (queued.isEmpty() && !ended && !closed) {
            wait();
        }
        VideoFrame f = queued.poll();
        notifyAll();
        return f;
    }

    /** For the consumer: hands a taken frame back. */
    public synchronized void release(VideoFrame frame) {
        pool.recycle(frame, closed);
    }

    /** Frees every buffer not out with the consumer and wakes both sides. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        queued.forEach(VideoFrame::free);
        queued.clear();
        pool.clear();
        notifyAll();
    }
}
