package io.maskwatch.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-minute compliance counts of one camera: distinct faces (tracks) seen in the minute, and how many
 * of them were last seen masked or unmasked (by their smoothed state; a face whose state had not settled
 * counts as seen only). Not thread-safe: owned by the analytics thread.
 */
final class Compliance {

    /** One finished minute. */
    record Minute(Instant start, int faces, int masked, int unmasked) {
    }

    private enum Seen { UNSETTLED, MASKED, UNMASKED }

    private Instant minute;
    private final Map<Long, Seen> lastState = new HashMap<>();

    /**
     * @param nonCompliant the settled state, or null while it is not settled
     * @return the previous minute when {@code time} falls in a new one, else null
     */
    Minute observe(Instant time, long trackId, Boolean nonCompliant) {
        Minute done = roll(time);
        if (nonCompliant == null) {
            lastState.putIfAbsent(trackId, Seen.UNSETTLED);
        } else {
            lastState.put(trackId, nonCompliant ? Seen.UNMASKED : Seen.MASKED);
        }
        return done;
    }

    /** Closes the minute if {@code time} is past it. */
    Minute roll(Instant time) {
        Instant m = time.truncatedTo(ChronoUnit.MINUTES);
        if (minute == null) {
            minute = m;
            return null;
        }
        if (!m.isAfter(minute)) {
            return null;
        }
        Minute done = finish();
        minute = m;
        return done;
    }

    /** The minute in progress, e.g. when the camera stops; null if nothing was seen. */
    Minute finish() {
        if (minute == null) {
            return null;
        }
        int masked = (int) lastState.values().stream().filter(v -> v == Seen.MASKED).count();
        int unmasked = (int) lastState.values().stream().filter(v -> v == Seen.UNMASKED).count();
        int faces = lastState.size();
        lastState.clear();
        return new Minute(minute, faces, masked, unmasked);
    }
}
