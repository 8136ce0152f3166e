package io.maskwatch.video;

/**
 * Events per second over the last few seconds, from a ring of the latest 64 event times.
 * Thread-safe.
 */
public final class RateMeter {

    private static final long WINDOW_NANOS = 5_000_000_000L;
    private final long[] times = new long[64];
    private int next;
    private int count;

    public synchronized void mark(long nanos) {
        times[next] = nanos;
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
    }

    public synchronized double perSecond(long now) {
        int n = 0;
        long oldest = now;
        for (int i = 0; i < count; i++) {
            long t = times[i];
            if (now - t <= WINDOW_NANOS) {
                n++;
                oldest = Math.min(oldest, t);
            }
        }
        if (n < 2) {
            return n == 0 ? 0 : 1e9 / WINDOW_NANOS;
        }
        return (n - 1) * 1e9 / Math.max(1, now - oldest);
    }
}
