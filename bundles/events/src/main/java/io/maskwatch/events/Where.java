package io.maskwatch.events;

import io.maskwatch.api.EventQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The WHERE clause of a query, with every value bound as a parameter (never spliced into SQL). */
record Where(String sql, List<Object> args) {

    static Where of(EventQuery q) {
        List<String> terms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!q.cameras().isEmpty()) {
            terms.add("camera IN (" + String.join(",", java.util.Collections.nCopies(q.cameras().size(), "?")) + ")");
            args.addAll(q.cameras().stream().sorted().toList());
        }
        if (q.label() != null) {
            terms.add("label = ?");
            args.add(q.label().wireName());
        }
        if (q.after() != null) {
            terms.add("start_ms >= ?");
            args.add(q.after().toEpochMilli());
        }
        if (q.before() != null) {
            terms.add("start_ms < ?");
            args.add(q.before().toEpochMilli());
        }
        if (q.minScore() != null) {
            terms.add("peak_score >= ?");
            args.add(q.minScore());
        }
        if (q.trackId() != null) {
            terms.add("track_id = ?");
            args.add(q.trackId());
        }
        if (q.hasSnapshot() != null) {
            terms.add(q.hasSnapshot() ? "snapshot_key IS NOT NULL" : "snapshot_key IS NULL");
        }
        if (q.recording() != null) {
            terms.add("recording = ?");
            args.add(q.recording());
        }
        return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), List.copyOf(args));
    }

    /** Binds the arguments from parameter 1 on; returns the next free parameter index. */
    int bind(PreparedStatement p) throws SQLException {
        int i = 1;
        for (Object a : args) {
            p.setObject(i++, a);
        }
        return i;
    }
}
