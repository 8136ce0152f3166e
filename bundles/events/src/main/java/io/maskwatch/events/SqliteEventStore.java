package io.maskwatch.events;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.EventStore;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The event store on SQLite in WAL mode with {@code synchronous=FULL}: every {@link #write} is its
 * own transaction and returns only after the WAL is fsynced, so an acknowledged event survives
 * kill -9 and power loss. Writers and readers use separate connections, so searches run while
 * the pipeline writes.
 */
public final class SqliteEventStore implements EventStore, AutoCloseable {

    public static final String DB_FILE = "events.db";
    private static final String COLUMNS = "id, type, camera, label, track_id, start_ms, end_ms, media_offset,"
            + " x1, y1, x2, y2, score, peak_score, mean_score, recording, snapshot_key";

    /** The upsert: a later message of an event replaces the earlier one's fields. */
    private static final String ON_CONFLICT = " ON CONFLICT(id) DO UPDATE SET type=excluded.type, camera=excluded.camera,"
            + " label=excluded.label, track_id=excluded.track_id, start_ms=excluded.start_ms,"
            + " end_ms=excluded.end_ms, media_offset=excluded.media_offset, x1=excluded.x1, y1=excluded.y1,"
            + " x2=excluded.x2, y2=excluded.y2, score=excluded.score, peak_score=excluded.peak_score,"
            + " mean_score=excluded.mean_score, recording=excluded.recording";
    /** Rough bytes of one row with its index entries, for size-based retention. */
    private static final long ROW_BYTES = 300;

    private final Path dir;
    private final SnapshotFiles files;
    private final Connection writer;
    private final Connection reader;
    private boolean closed;

    /** Opens or creates the store in {@code dataDir}, migrating its schema to the latest version. */
    public SqliteEventStore(Path dataDir) {
        this(dataDir, Schema.latest());
    }

    /** For migration tests: stop at an older schema version. */
    SqliteEventStore(Path dataDir, int schemaVersion) {
        this.dir = dataDir.toAbsolutePath();
        this.files = new SnapshotFiles(dir.resolve("snapshots"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        try {
            writer = open(false);
            Schema.migrate(writer, files, schemaVersion);
            reader = open(true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the event database in " + dir + ": " + e.getMessage(), e);
        }
    }

    private Connection open(boolean readOnly) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(10_000);
        cfg.setReadOnly(readOnly);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + dir.resolve(DB_FILE));
        return ds.getConnection();
    }

    public Path directory() {
        return dir;
    }

    int schemaVersion() {
        synchronized (writer) {
            try {
                return Schema.version(writer);
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    @Override
    public MaskEvent write(MaskEvent event, byte[] faceJpeg, byte[] frameJpeg) {
        String newKey = null;
        long newBytes = 0;
        if (faceJpeg != null || frameJpeg != null) {
            newKey = SnapshotFiles.newKey();
            newBytes = files.write(newKey, faceJpeg, frameJpeg);
        }
        String oldKey;
        String key;
        synchronized (writer) {
            ensureOpen();
            try {
                oldKey = snapshotKey(event.id());
                key = newKey != null ? newKey : oldKey;
                try (PreparedStatement p = writer.prepareStatement("INSERT INTO events(" + COLUMNS + ", snapshot_bytes)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                        + ON_CONFLICT + ", snapshot_key=excluded.snapshot_key, snapshot_bytes=excluded.snapshot_bytes")) {
                    bind(p, event, key);
                    p.setLong(18, newKey != null ? newBytes : oldKey != null ? files.bytes(oldKey) : 0);
                    p.executeUpdate();
                }
            } catch (SQLException e) {
                if (newKey != null) {
                    files.delete(newKey);
                }
                throw failure(e);
            }
        }
        if (newKey != null && oldKey != null) {
            files.delete(oldKey);
        }
        return event.withSnapshot(key == null ? null : snapshotPath(key));
    }

    /**
     * Stores many events without snapshots in one transaction: one fsync for all of them, for
     * imports and recording indexing. Events already stored keep their snapshots.
     */
    public void writeAll(List<MaskEvent> events) {
        synchronized (writer) {
            ensureOpen();
            try {
                batch("INSERT INTO events(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" + ON_CONFLICT,
                        events, (p, e) -> bind(p, e, null));
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private String snapshotKey(String id) throws SQLException {
        try (PreparedStatement p = writer.prepareStatement("SELECT snapshot_key FROM events WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement p, MaskEvent e, String key) throws SQLException {
        p.setString(1, e.id());
        p.setString(2, e.type().wireName());
        p.setString(3, e.camera());
        p.setString(4, e.label().wireName());
        p.setLong(5, e.trackId());
        p.setLong(6, e.startTime().toEpochMilli());
        if (e.endTime() == null) {
            p.setNull(7, Types.INTEGER);
        } else {
            p.setLong(7, e.endTime().toEpochMilli());
        }
        if (e.mediaOffsetSeconds() == null) {
            p.setNull(8, Types.REAL);
        } else {
            p.setDouble(8, e.mediaOffsetSeconds());
        }
        p.setDouble(9, e.box().x1());
        p.setDouble(10, e.box().y1());
        p.setDouble(11, e.box().x2());
        p.setDouble(12, e.box().y2());
        p.setDouble(13, e.score());
        p.setDouble(14, e.peakScore());
        p.setDouble(15, e.meanScore());
        p.setString(16, e.recording());
        p.setString(17, key);
    }

    /** The face snapshot if there is one, else the full frame; what the event JSON points at. */
    private String snapshotPath(String key) {
        return (files.exists(key, false) ? files.path(key, false) : files.path(key, true)).toString();
    }

    @Override
    public Optional<MaskEvent> get(String id) {
        synchronized (reader) {
            ensureOpen();
            try (PreparedStatement p = reader.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    @Override
    public List<MaskEvent> search(EventQuery q) {
        Where w = Where.of(q);
        String sql = "SELECT " + COLUMNS + " FROM events" + w.sql()
                + " ORDER BY start_ms " + (q.newestFirst() ? "DESC, rowid DESC" : "ASC, rowid ASC") + " LIMIT ? OFFSET ?";
        synchronized (reader) {
            ensureOpen();
            try (PreparedStatement p = reader.prepareStatement(sql)) {
                int i = w.bind(p);
                p.setInt(i++, q.limit());
                p.setInt(i, q.offset());
                List<MaskEvent> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    @Override
    public long count(EventQuery q) {
        Where w = Where.of(q);
        synchronized (reader) {
            ensureOpen();
            try (PreparedStatement p = reader.prepareStatement("SELECT count(*) FROM events" + w.sql())) {
                w.bind(p);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    @Override
    public Optional<byte[]> snapshot(String id, boolean fullFrame) {
        String key;
        synchronized (reader) {
            ensureOpen();
            try (PreparedStatement p = reader.prepareStatement("SELECT snapshot_key FROM events WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    key = rs.next() ? rs.getString(1) : null;
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
        return key == null ? Optional.empty() : files.read(key, fullFrame);
    }

    /**
     * Deletes events (with their snapshots) that started before {@code now - maxAgeDays}, then the
     * oldest events until the database plus snapshots take at most {@code maxBytes}.
     * Non-positive limits are off.
     *
     * @return how many events were deleted
     */
    public int retain(Instant now, int maxAgeDays, long maxBytes) {
        int deleted = 0;
        synchronized (writer) {
            ensureOpen();
            try {
                if (maxAgeDays > 0) {
                    long cutoff = now.minusSeconds(86_400L * maxAgeDays).toEpochMilli();
                    int n;
                    do {
                        n = deleteOldest(500, cutoff, Long.MAX_VALUE);
                        deleted += n;
                    } while (n > 0);
                }
                if (maxBytes > 0) {
                    long used;
                    while ((used = bytesUsed()) > maxBytes) {
                        int n = deleteOldest(500, Long.MAX_VALUE, used - maxBytes);
                        if (n == 0) {
                            break;
                        }
                        deleted += n;
                    }
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
        return deleted;
    }

    /**
     * Deletes snapshot files that no event names: a crash between writing a snapshot and committing
     * its row leaves one or two such files. Files younger than {@code minAge} are left alone, as a
     * write may be in flight.
     *
     * @return how many files were deleted
     */
    public int sweepSnapshots(java.time.Duration minAge) {
        long cutoff = System.currentTimeMillis() - minAge.toMillis();
        int[] deleted = {0};
        files.forEachFile((file, key) -> {
            try {
                if (Files.getLastModifiedTime(file).toMillis() > cutoff || (key != null && isReferenced(key))) {
                    return;
                }
                Files.deleteIfExists(file);
                deleted[0]++;
            } catch (IOException e) {
                // gone already, or not ours to delete; the next sweep tries again
            }
        });
        return deleted[0];
    }

    private boolean isReferenced(String key) {
        synchronized (reader) {
            ensureOpen();
            try (PreparedStatement p = reader.prepareStatement("SELECT 1 FROM events WHERE snapshot_key = ?")) {
                p.setString(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** Live database pages plus snapshot files: what retention holds under its size limit. */
    public long bytesUsed() {
        synchronized (writer) {
            try (Statement s = writer.createStatement()) {
                long pages = single(s, "PRAGMA page_count") - single(s, "PRAGMA freelist_count");
                return pages * single(s, "PRAGMA page_size") + single(s, "SELECT coalesce(sum(snapshot_bytes), 0) FROM events");
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Deletes up to {@code batch} of the oldest events that started before {@code beforeMs}, stopping
     * early once about {@code bytesToFree} are freed (a row is counted at {@link #ROW_BYTES}).
     */
    private int deleteOldest(int batch, long beforeMs, long bytesToFree) throws SQLException {
        List<String> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        long freed = 0;
        try (PreparedStatement p = writer.prepareStatement(
                "SELECT id, snapshot_key, snapshot_bytes FROM events WHERE start_ms < ? ORDER BY start_ms ASC LIMIT ?")) {
            p.setLong(1, beforeMs);
            p.setInt(2, batch);
            try (ResultSet rs = p.executeQuery()) {
                while (freed < bytesToFree && rs.next()) {
                    freed += rs.getLong(3) + ROW_BYTES;
                    ids.add(rs.getString(1));
                    if (rs.getString(2) != null) {
                        keys.add(rs.getString(2));
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        batch("DELETE FROM events WHERE id = ?", ids, (d, id) -> d.setString(1, id));
        // Files go after the commit: a crash in between leaves stray files, never rows without files.
        keys.forEach(files::delete);
        return ids.size();
    }

    private interface Binder<T> {
        void bind(PreparedStatement p, T item) throws SQLException;
    }

    /** One statement for every item, all in one transaction: one fsync however many items. */
    private <T> void batch(String sql, List<T> items, Binder<T> binder) throws SQLException {
        writer.setAutoCommit(false);
        try (PreparedStatement p = writer.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(p, item);
                p.addBatch();
            }
            p.executeBatch();
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
        }
    }

    /** Refreshes the planner's statistics; worth running after a large import. */
    public void optimize() {
        synchronized (writer) {
            try (Statement s = writer.createStatement()) {
                s.execute("ANALYZE");
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private MaskEvent row(ResultSet rs) throws SQLException {
        long end = rs.getLong(7);
        Instant endTime = rs.wasNull() ? null : Instant.ofEpochMilli(end);
        double offset = rs.getDouble(8);
        Double media = rs.wasNull() ? null : offset;
        String key = rs.getString(17);
        return new MaskEvent(
                EventType.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                rs.getString(1),
                rs.getString(3),
                MaskLabel.parse(rs.getString(4)),
                rs.getLong(5),
                Instant.ofEpochMilli(rs.getLong(6)),
                endTime,
                media,
                new PixelBox(rs.getDouble(9), rs.getDouble(10), rs.getDouble(11), rs.getDouble(12)),
                rs.getDouble(13),
                rs.getDouble(14),
                rs.getDouble(15),
                key == null ? null : snapshotPath(key),
                rs.getString(16));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the event store is closed");
        }
    }

    private IllegalStateException failure(SQLException e) {
        return new IllegalStateException("event database " + dir.resolve(DB_FILE) + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        synchronized (writer) {
            synchronized (reader) {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    reader.close();
                    writer.close();
                } catch (SQLException e) {
                    throw failure(e);
                }
            }
        }
    }
}
