package io.maskwatch.events;

import io.maskwatch.api.MaskEvent;
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
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Benchmark runner (not a test) for the H2 side of the database choice in docs/events.md: single
 * insert latency (H2's default commit does not fsync), load time and the indexed
 * newest-100-of-one-camera query on H2 through plain JDBC, over the same {@link SyntheticEvents}
 * history the SQLite store is measured on. The SQLite
 * figures now come from {@code bin/maskwatch bench events} (JMH, {@code io.maskwatch.bench.EventsBench});
 * this runner remains for the H2 comparison. Usage: {@code EventStoreBench WORKDIR [N]}. Prints a
 * report on stdout.
 */
public final class EventStoreBench {

    private EventStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "# H2 side of the events store benchmark, %s, %d cores, Java %s, %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"));
        out.println("# the SQLite side: bin/maskwatch bench events");
        ScratchEventStore.deleteTree(work);

        out.println("\n## single writes");
        report(out, "h2 autocommit insert (default: no fsync per commit)", timeJdbcInserts(h2(work.resolve("h2-writes")), 1000));

        out.printf(Locale.ROOT, "%n## h2 with the same table and indexes, %,d rows (%d cameras, %d days), plain JDBC%n", n,
                SyntheticEvents.CAMERAS, SyntheticEvents.SPAN.toDays());
        try (Connection h2 = h2(work.resolve("h2-search"))) {
            long t = System.nanoTime();
            fillJdbc(h2, n);
            out.printf(Locale.ROOT, "load: %.1f s%n", (System.nanoTime() - t) / 1e9);
            report(out, "h2 camera newest 100", time(200, () -> jdbcQuery(h2, SyntheticEvents.camera(3))));
        }
        ScratchEventStore.deleteTree(work);
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
        SyntheticEvents events = new SyntheticEvents(7);
        double[] ms = new double[count];
        try (c; PreparedStatement p = c.prepareStatement("MERGE INTO events KEY(id) VALUES (?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < count; i++) {
                bindJdbc(p, events.next());
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
        SyntheticEvents history = SyntheticEvents.history();
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO events VALUES (?,?,?,?,?,?,?,?)")) {
            for (long i = 0; i < n; i++) {
                bindJdbc(p, history.next());
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
}
