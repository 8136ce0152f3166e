package io.maskwatch.events;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Benchmark runner (not a test): durable write latency, and search latency over a store of N
 * events, for the SQLite store; plus the same durable insert and indexed query on H2 through
 * plain JDBC, which is how the database was chosen. Usage: {@code EventStoreBench WORKDIR [N]}.
 * Prints a report on stdout.
 */
public final class EventStoreBench {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SPAN_MS = 30L * 86_400_000L;
    private static final int CAMERAS = 10;

    private EventStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "# events store benchmark, %s, %d cores, Java %s, %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"));
        deleteTree(work);

        out.println("\n## durable single writes (each acknowledged = committed and fsynced)");
        try (SqliteEventStore store = new SqliteEventStore(work.resolve("writes"))) {
            report(out, "sqlite store.write, no snapshot", timeWrites(store, 1000, null));
            report(out, "sqlite store.write, 20 KB face + 60 KB frame", timeWrites(store, 300, new byte[20_000]));
        }
        report(out, "h2 autocommit insert (default: no fsync per commit)", timeJdbcInserts(h2(work.resolve("h2-writes")), 1000));

        out.printf(Locale.ROOT, "%n## search over %,d events (%d cameras, 30 days)%n", n, CAMERAS);
        try (SqliteEventStore store = new SqliteEventStore(work.resolve("search"))) {
            long t = System.nanoTime();
            fill(store, n);
            store.optimize();
            out.printf(Locale.ROOT, "load: %.1f s, database %,d bytes%n", (System.nanoTime() - t) / 1e9, store.bytesUsed());
            for (Named q : queries()) {
                int rows = store.search(q.query()).size();
                report(out, "search " + q.name() + " (" + rows + " rows)", time(200, () -> store.search(q.query()).size()));
            }
            report(out, "count one camera", time(50, () -> (int) store.count(queries().get(1).query())));
            report(out, "count everything", time(50, () -> (int) store.count(EventQuery.all())));
        }

        out.printf(Locale.ROOT, "%n## h2 with the same table and indexes, %,d rows, plain JDBC%n", n);
        try (Connection h2 = h2(work.resolve("h2-search"))) {
            long t = System.nanoTime();
            fillJdbc(h2, n);
            out.printf(Locale.ROOT, "load: %.1f s%n", (System.nanoTime() - t) / 1e9);
            report(out, "h2 camera newest 100", time(200, () -> jdbcQuery(h2, "cam3")));
        }
        deleteTree(work);
    }

    record Named(String name, EventQuery query) {
    }

    static List<Named> queries() {
        Instant mid = T0.plusMillis(SPAN_MS / 2);
        return List.of(
                new Named("everything, newest 100", q(null, null, null, null, null, null, null, 100, 0)),
                new Named("one camera, newest 100", q(Set.of("cam3"), null, null, null, null, null, null, 100, 0)),
                new Named("one camera, one hour", q(Set.of("cam3"), null, mid, mid.plusSeconds(3600), null, null, null, 100, 0)),
                new Named("three cameras, one day", q(Set.of("cam1", "cam2", "cam7"), null, mid, mid.plusSeconds(86_400), null, null, null, 100, 0)),
                new Named("label mask_incorrect, min score 0.9", q(null, MaskLabel.MASK_INCORRECT, null, null, 0.9, null, null, 100, 0)),
                new Named("camera and track id", q(Set.of("cam5"), null, null, null, null, 12_345L, null, 100, 0)),
                new Named("one recording", q(null, null, null, null, null, null, "/rec/cam4/0040.mp4", 100, 0)),
                new Named("min score 0.999 alone (few matches)", q(null, null, null, null, 0.999, null, null, 100, 0)),
                new Named("min score 0.6 alone (most match)", q(null, null, null, null, 0.6, null, null, 100, 0)),
                new Named("one camera, one day, min score 0.95", q(Set.of("cam2"), null, mid, mid.plusSeconds(86_400), 0.95, null, null, 100, 0)),
                new Named("one day, page 10 (offset 900)", q(null, null, mid, mid.plusSeconds(86_400), null, null, null, 100, 900)),
                new Named("one camera, oldest first, limit 1000", new EventQuery(Set.of("cam8"), null, null, null, null, null, null, null, 1000, 0, false)));
    }

    private static EventQuery q(Set<String> cams, MaskLabel label, Instant after, Instant before, Double min, Long track,
            String recording, int limit, int offset) {
        return new EventQuery(cams, label, after, before, min, track, null, recording, limit, offset, true);
    }

    static MaskEvent synthetic(Random r, long i) {
        String cam = "cam" + (i % CAMERAS);
        Instant start = T0.plusMillis((long) (r.nextDouble() * SPAN_MS));
        double score = 0.5 + r.nextDouble() / 2;
        // independent of the camera (i % CAMERAS), so every camera has recorded and mask_incorrect events
        boolean recorded = (i / CAMERAS) % 10 == 0;
        MaskLabel label = r.nextInt(10) == 0 ? MaskLabel.MASK_INCORRECT : MaskLabel.NO_MASK;
        return new MaskEvent(EventType.END, "ev-" + i, cam, label, i / CAMERAS, start, start.plusSeconds(5),
                recorded ? r.nextDouble() * 600 : null, new PixelBox(100, 80, 180, 180), score, score, score * 0.95, null,
                recorded ? "/rec/" + cam + "/" + String.format(Locale.ROOT, "%04d", (i / CAMERAS) % 100) + ".mp4" : null);
    }

    private static void fill(SqliteEventStore store, int n) {
        Random r = new Random(42);
        List<MaskEvent> batch = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            batch.add(synthetic(r, i));
            if (batch.size() == 10_000) {
                store.writeAll(batch);
                batch.clear();
            }
        }
        store.writeAll(batch);
    }

    private static double[] timeWrites(SqliteEventStore store, int count, byte[] face) {
        Random r = new Random(7);
        byte[] frame = face == null ? null : new byte[60_000];
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            MaskEvent e = synthetic(r, i + (face == null ? 0 : 10_000_000L));
            long t = System.nanoTime();
            store.write(e, face, frame);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static double[] time(int runs, Supplier<Integer> op) {
        for (int i = 0; i < 20; i++) {
            op.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            op.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static void report(PrintStream out, String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        out.printf(Locale.ROOT, "%-66s n=%4d  p50 %7.3f ms  p95 %7.3f ms  max %7.3f ms%n", what, s.length,
                s[s.length / 2], s[(int) Math.min(s.length - 1, Math.round(s.length * 0.95))], s[s.length - 1]);
    }

    private static Connection h2(Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("events").toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id VARCHAR PRIMARY KEY, camera VARCHAR NOT NULL, label VARCHAR NOT NULL,"
                    + " track_id BIGINT, start_ms BIGINT NOT NULL, peak_score DOUBLE, recording VARCHAR, payload VARCHAR)");
            s.execute("CREATE INDEX events_start ON events(start_ms)");
            s.execute("CREATE INDEX events_camera_start ON events(camera, start_ms)");
        }
        return c;
    }

    private static double[] timeJdbcInserts(Connection c, int count) throws SQLException {
        Random r = new Random(7);
        double[] ms = new double[count];
        try (c; PreparedStatement p = c.prepareStatement("MERGE INTO events KEY(id) VALUES (?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < count; i++) {
                bindJdbc(p, synthetic(r, i));
                long t = System.nanoTime();
                p.executeUpdate();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        return ms;
    }

    private static void bindJdbc(PreparedStatement p, MaskEvent e) throws SQLException {
        p.setString(1, e.id());
        p.setString(2, e.camera());
        p.setString(3, e.label().wireName());
        p.setLong(4, e.trackId());
        p.setLong(5, e.startTime().toEpochMilli());
        p.setDouble(6, e.peakScore());
        p.setString(7, e.recording());
        p.setString(8, "box and scores stand-in, 60 bytes of payload for a comparable row size..");
    }

    private static void fillJdbc(Connection c, int n) throws SQLException {
        Random r = new Random(42);
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO events VALUES (?,?,?,?,?,?,?,?)")) {
            for (long i = 0; i < n; i++) {
                bindJdbc(p, synthetic(r, i));
                p.addBatch();
                if (i % 10_000 == 9_999) {
                    p.executeBatch();
                    c.commit();
                }
            }
            p.executeBatch();
            c.commit();
        }
        c.setAutoCommit(true);
    }

    private static int jdbcQuery(Connection c, String camera) {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT * FROM events WHERE camera = ? ORDER BY start_ms DESC LIMIT 100")) {
            p.setString(1, camera);
            int rows = 0;
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }
}
