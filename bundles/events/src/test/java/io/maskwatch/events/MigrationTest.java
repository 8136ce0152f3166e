package io.maskwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.MaskEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {

    @TempDir
    Path dir;

    private Connection raw() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteEventStore.DB_FILE));
    }

    @Test
    void aVersionOneDatabaseIsUpgradedWithItsEventsAndSnapshotSizes() throws Exception {
        try (SqliteEventStore v1 = new SqliteEventStore(dir, 1)) {
            assertEquals(1, v1.schemaVersion());
        }
        String key = "0123456789abcdef0123456789abcdef";
        Path face = new SnapshotFiles(dir.resolve("snapshots")).path(key, false);
        Files.createDirectories(face.getParent());
        Files.write(face, new byte[5000]);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO events VALUES ('old1','end','door3','no_mask',4,1772355600000,1772355609000,3.5,"
                    + "1,2,30,40,0.9,0.95,0.85,'/rec/a.mp4','" + key + "')");
        }

        try (SqliteEventStore store = new SqliteEventStore(dir)) {
            assertEquals(Schema.latest(), store.schemaVersion());
            List<MaskEvent> found = store.search(new EventQuery(null, null, null, null, null, null, true, "/rec/a.mp4", 10, 0, true));
            assertEquals(1, found.size());
            MaskEvent e = found.getFirst();
            assertEquals("old1", e.id());
            assertEquals(3.5, e.mediaOffsetSeconds());
            assertEquals(0.95, e.peakScore());
            assertEquals(face.toString(), e.snapshot());
            try (Connection c = raw(); Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT snapshot_bytes FROM events WHERE id='old1'")) {
                rs.next();
                assertEquals(5000, rs.getLong(1), "v2 fills in the size of snapshots written under v1");
            }
        }
    }

    @Test
    void migratingTwiceChangesNothing() {
        new SqliteEventStore(dir).close();
        try (SqliteEventStore again = new SqliteEventStore(dir)) {
            assertEquals(Schema.latest(), again.schemaVersion());
            assertEquals(0, again.count(EventQuery.all()));
        }
    }

    @Test
    void aDatabaseFromANewerVersionIsRefusedWithAClearMessage() throws Exception {
        new SqliteEventStore(dir).close();
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version VALUES (99)");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SqliteEventStore(dir));
        assertTrue(e.getMessage().contains("upgrade Maskwatch"), e.getMessage());
    }
}
