package io.maskwatch.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema. Each migration runs once, in its own transaction together with the bump of
 * {@code schema_version}, so a crash mid-upgrade leaves the previous version intact. Never edit a
 * released migration: add the next one.
 */
final class Schema {

    interface Migration {
        void apply(Connection c, SnapshotFiles files) throws SQLException;
    }

    private static final Migration V1 = (c, files) -> exec(c, """
            CREATE TABLE events (
              id            TEXT PRIMARY KEY,
              type          TEXT NOT NULL,
              camera        TEXT NOT NULL,
              label         TEXT NOT NULL,
              track_id      INTEGER NOT NULL,
              start_ms      INTEGER NOT NULL,
              end_ms        INTEGER,
              media_offset  REAL,
              x1 REAL NOT NULL, y1 REAL NOT NULL, x2 REAL NOT NULL, y2 REAL NOT NULL,
              score         REAL NOT NULL,
              peak_score    REAL NOT NULL,
              mean_score    REAL NOT NULL,
              recording     TEXT,
              snapshot_key  TEXT)""",
            "CREATE INDEX events_start ON events(start_ms)");

    /**
     * v2: size-based retention needs each event's snapshot bytes without touching the disk, and
     * searches by camera, label, recording and track need their own indexes over 10^6 rows.
     */
    private static final Migration V2 = (c, files) -> {
        exec(c, "ALTER TABLE events ADD COLUMN snapshot_bytes INTEGER NOT NULL DEFAULT 0",
                "CREATE INDEX events_camera_start ON events(camera, start_ms)",
                "CREATE INDEX events_label_start ON events(label, start_ms)",
                "CREATE INDEX events_recording_start ON events(recording, start_ms) WHERE recording IS NOT NULL",
                "CREATE INDEX events_camera_track ON events(camera, track_id)");
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, snapshot_key FROM events WHERE snapshot_key IS NOT NULL");
                PreparedStatement up = c.prepareStatement("UPDATE events SET snapshot_bytes = ? WHERE id = ?")) {
            while (rs.next()) {
                up.setLong(1, files.bytes(rs.getString(2)));
                up.setString(2, rs.getString(1));
                up.addBatch();
            }
            up.executeBatch();
        }
    };

    /**
     * v3: a minimum score that few events reach walked the whole time index (170 ms over 10^6
     * events in the benchmark); with this index the planner can start from the scores.
     */
    private static final Migration V3 = (c, files) -> exec(c,
            "CREATE INDEX events_score_start ON events(peak_score, start_ms)");

    /** v4: the sweep for snapshot files that a crash left without a row looks files up by key. */
    private static final Migration V4 = (c, files) -> exec(c,
            "CREATE INDEX events_snapshot_key ON events(snapshot_key) WHERE snapshot_key IS NOT NULL");

    static final List<Migration> MIGRATIONS = List.of(V1, V2, V3, V4);

    static int latest() {
        return MIGRATIONS.size();
    }

    private Schema() {
    }

    static int version(Connection c) throws SQLException {
        exec(c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Brings the database up to {@code target}; refuses a database written by a newer Maskwatch. */
    static void migrate(Connection c, SnapshotFiles files, int target) throws SQLException {
        int current = version(c);
        if (current > latest()) {
            throw new SQLException("the event database has schema version " + current
                    + ", newer than this Maskwatch understands (" + latest() + "); upgrade Maskwatch");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int v = current + 1; v <= target; v++) {
                MIGRATIONS.get(v - 1).apply(c, files);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version(version) VALUES (?)")) {
                    p.setInt(1, v);
                    p.executeUpdate();
                }
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.executeUpdate(q);
            }
        }
    }
}
