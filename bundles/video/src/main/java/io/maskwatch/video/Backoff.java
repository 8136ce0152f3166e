package io.maskwatch.video;

import java.time.Duration;
import java.util.List;

/**
 * The reconnect ladder: 1 s five times, then 5 s, 10 s, 20 s, 40 s and 60 s from then on. A camera
 * that came back and delivered frames starts again at the bottom ({@link #reset()}). Not thread-safe:
 * owned by one decoding thread.
 */
public final class Backoff {

    static final List<Duration> LADDER = List.of(
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(60));

    private int attempt;

    /** The wait before the next attempt; each call climbs one rung, and the top rung repeats. */
    public Duration next() {
        Duration d = LADDER.get(Math.min(attempt, LADDER.size() - 1));
        attempt++;
        return d;
    }

    /** Failed attempts since the last reset. */
    public int attempts() {
        return attempt;
    }

    public void reset() {
        attempt = 0;
    }
}
