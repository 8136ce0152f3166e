package io.maskwatch.api;

import java.time.Instant;
import java.util.Set;

/**
 * A search over stored events. Null or empty fields do not filter.
 *
 * @param cameras     any of these camera ids
 * @param label       only this label
 * @param after       events that started at or after this time
 * @param before      events that started before this time
 * @param minScore    peak score at least this
 * @param trackId     only this track id
 * @param hasSnapshot true: only with a snapshot; false: only without
 * @param recording   only events found in this recording (path or URL)
 * @param limit       at most this many results (1..1000)
 * @param offset      skip this many results, for paging
 * @param newestFirst sort by start time, newest first (true) or oldest first
 */
public record EventQuery(
        Set<String> cameras,
        MaskLabel label,
        Instant after,
        Instant before,
        Double minScore,
        Long trackId,
        Boolean hasSnapshot,
        String recording,
        int limit,
        int offset,
        boolean newestFirst) {

    public static final int MAX_LIMIT = 1000;

    public EventQuery {
        cameras = cameras == null ? Set.of() : Set.copyOf(cameras);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
    }

    /** Everything, newest first, 100 at a time. */
    public static EventQuery all() {
        return new EventQuery(Set.of(), null, null, null, null, null, null, null, 100, 0, true);
    }
}
