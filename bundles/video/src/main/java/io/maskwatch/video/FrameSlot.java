package io.maskwatch.video;

import java.util.concurrent.TimeUnit;

/**
 * The hand-off between a decoder and the analytics of one camera: a single slot that holds the newest
 * frame. Drop policy: publishing while the slot still holds an unconsumed frame replaces that frame and
 * counts one drop, so the decoder never waits for inference and no old frame is ever analysed.
 * At most three native buffers exist per camera (one being filled, one in the slot, one being
 * analysed); they are freed when the slot is closed, or, for a frame out with the consumer, when it
 * comes back. Thread-safe.
 */
public final class FrameSlot implements AutoCloseable {

    private final FramePool pool = new FramePool();
    private VideoFrame latest;
    private long dropped;
    private long published;
    private boolean closed;

    /** For the decoder: a buffer of this size to fill, reusing a spare one when it fits. */
    synchronized VideoFrame acquire(int width, int height) {
        if (closed) {
            throw new IllegalStateException("frame slot is closed");
        }
        return pool.acquire(width, height);
    }

    /** For the decoder: the filled frame becomes the newest; an unconsumed older one is dropped. */
    synchronized void publish(VideoFrame frame) {
        if (closed) {
            frame.free();
            return;
        }
        if (latest != null) {
            dropped++;
            recycle(latest);
        }
        latest = frame;
        published++;
        notifyAll();
    }

    /**
     * For the consumer: takes the newest frame, waiting up to {@code timeout} for one.
     *
     * @return the frame, to be handed back with {@link #release}; null on timeout or when closed
     */
    public synchronized VideoFrame take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (latest == null && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        VideoFrame f = latest;
        latest = null;
        return f;
    }

    /** For the consumer: hands a taken frame back. */
    public synchronized void release(VideoFrame frame) {
        recycle(frame);
    }

    /** For the decoder: a buffer acquired but not published. */
    synchronized void discard(VideoFrame frame) {
        recycle(frame);
    }

    private void recycle(VideoFrame f) {
        pool.recycle(f, closed);
    }

    /** Frames replaced in the slot before the consumer took them. */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized long published() {
        return published;
    }

    /** Frees every buffer not out with the consumer and wakes a waiting consumer. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (latest != null) {
            latest.free();
            latest = null;
        }
        pool.clear();
        notifyAll();
    }
}
