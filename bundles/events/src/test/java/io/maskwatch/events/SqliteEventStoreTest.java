package io.maskwatch.events;

import static io.maskwatch.events.Events.T0;
import static io.maskwatch.events.Events.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest {

    @TempDir
    Path dir;
    SqliteEventStore store;

    @BeforeEach
    void open() {
        store = new SqliteEventStore(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static EventQuery query(Set<String> cameras, MaskLabel label, Instant after, Instant before, Double minScore,
            Long track, Boolean hasSnapshot, String recording, int limit, int offset, boolean newestFirst) {
        return new EventQuery(cameras, label, after, before, minScore, track, hasSnapshot, recording, limit, offset, newestFirst);
    }

    private static List<String> ids(List<MaskEvent> events) {
        return events.stream().map(MaskEvent::id).toList();
    }

    @Test
    void writeIsAnUpsertByIdAndKeepsTheSnapshotOfEarlierMessages() {
        MaskEvent start = event("e1", "door3", 7, T0, 0.8);
        MaskEvent stored = store.write(start, new byte[] {1, 2, 3}, new byte[] {4, 5});
        assertNotNull(stored.snapshot());
        assertTrue(stored.snapshot().startsWith(dir.toAbsolutePath().toString()), stored.snapshot());

        MaskEvent end = Events.ended(start, T0.plusSeconds(9));
        MaskEvent updated = store.write(end, null, null);

        assertEquals(stored.snapshot(), updated.snapshot());
        assertEquals(1, store.count(EventQuery.all()));
        MaskEvent back = store.get("e1").orElseThrow();
        assertEquals(EventType.END, back.type());
        assertEquals(T0.plusSeconds(9), back.endTime());
        assertArrayEquals(new byte[] {1, 2, 3}, store.snapshot("e1", false).orElseThrow());
        assertArrayEquals(new byte[] {4, 5}, store.snapshot("e1", true).orElseThrow());
    }

    @Test
    void aNewSnapshotReplacesTheOldFiles() throws Exception {
        MaskEvent e = event("e1", "door3", 7, T0, 0.8);
        Path first = Path.of(store.write(e, new byte[] {1}, null).snapshot());
        Path second = Path.of(store.write(e, new byte[] {2}, null).snapshot());
        assertTrue(Files.exists(second));
        assertTrue(Files.notExists(first), "the replaced snapshot is deleted");
        assertArrayEquals(new byte[] {2}, store.snapshot("e1", false).orElseThrow());
    }

    @Test
    void idsNeverBecomeFilePaths() throws Exception {
        String hostile = "../../../../tmp/evil";
        MaskEvent stored = store.write(event(hostile, "cam", 1, T0, 0.9), new byte[] {9}, new byte[] {8});
        Path snap = Path.of(stored.snapshot()).toRealPath();
        assertTrue(snap.startsWith(dir.toRealPath().resolve("snapshots")), snap.toString());
        assertTrue(snap.getFileName().toString().matches("[0-9a-f]{32}-face\\.jpg"), snap.toString());
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().contains("evil")));
        }
        assertEquals(hostile, store.get(hostile).orElseThrow().id());
    }

    @Test
    void unknownIdsAreEmpty() {
        assertTrue(store.get("nope").isEmpty());
        assertTrue(store.snapshot("nope", true).isEmpty());
        store.write(event("plain", "cam", 1, T0, 0.9), null, null);
        assertTrue(store.snapshot("plain", false).isEmpty());
        assertNull(store.get("plain").orElseThrow().snapshot());
    }

    @Test
    void searchFiltersByEveryField() {
        store.write(event("a", "door1", 1, T0, 0.60), null, null);
        store.write(event("b", "door2", 2, T0.plusSeconds(10), 0.95), new byte[] {1}, null);
        store.write(Events.inRecording(event("c", "door3", 3, T0.plusSeconds(20), 0.80), "/rec/x.mp4", 12.5), null, null);
        MaskEvent incorrect = new MaskEvent(EventType.START, "d", "door1", MaskLabel.MASK_INCORRECT, 4, T0.plusSeconds(30),
                null, null, event("x", "x", 0, T0, 0).box(), 0.7, 0.7, 0.7, null, null);
        store.write(incorrect, null, null);

        assertEquals(List.of("d", "c", "b", "a"), ids(store.search(EventQuery.all())));
        assertEquals(List.of("d", "b", "a"),
                ids(store.search(query(Set.of("door1", "door2"), null, null, null, null, null, null, null, 10, 0, true))));
        assertEquals(List.of("a", "b", "c"),
                ids(store.search(query(null, MaskLabel.NO_MASK, null, null, null, null, null, null, 10, 0, false))));
        assertEquals(List.of("c", "b"), ids(store.search(
                query(null, null, T0.plusSeconds(10), T0.plusSeconds(30), null, null, null, null, 10, 0, true))));
        assertEquals(List.of("c", "b"),
                ids(store.search(query(null, null, null, null, 0.8, null, null, null, 10, 0, true))));
        assertEquals(List.of("c"), ids(store.search(query(null, null, null, null, null, 3L, null, null, 10, 0, true))));
        assertEquals(List.of("b"), ids(store.search(query(null, null, null, null, null, null, true, null, 10, 0, true))));
        assertEquals(List.of("d", "c", "a"),
                ids(store.search(query(null, null, null, null, null, null, false, null, 10, 0, true))));
        MaskEvent rec = store.search(query(null, null, null, null, null, null, null, "/rec/x.mp4", 10, 0, true)).getFirst();
        assertEquals("c", rec.id());
        assertEquals(12.5, rec.mediaOffsetSeconds());
        assertEquals(2, store.count(query(Set.of("door1"), null, null, null, null, null, null, null, 1, 0, true)));
    }

    @Test
    void pagesDoNotOverlapAndCoverEverything() {
        for (int i = 0; i < 25; i++) {
            // equal start times on purpose: paging must still be stable
            store.write(event("e" + i, "cam", i, T0.plusSeconds(i / 5), 0.9), null, null);
        }
        List<String> seen = new java.util.ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            seen.addAll(ids(store.search(query(null, null, null, null, null, null, null, null, 10, offset, true))));
        }
        assertEquals(25, seen.size());
        assertEquals(25, Set.copyOf(seen).size());
        assertEquals(25, store.count(query(null, null, null, null, null, null, null, null, 10, 20, true)));
    }

    @Test
    void dataSurvivesReopening() {
        store.write(event("kept", "cam", 1, T0, 0.9), new byte[] {7}, null);
        store.close();
        store = new SqliteEventStore(dir);
        assertEquals("kept", store.get("kept").orElseThrow().id());
        assertArrayEquals(new byte[] {7}, store.snapshot("kept", false).orElseThrow());
    }

    @Test
    void retentionByAgeDeletesOldEventsAndTheirSnapshots() {
        Instant now = T0.plusSeconds(40 * 86_400L);
        Path old = Path.of(store.write(event("old", "cam", 1, T0, 0.9), new byte[] {1}, null).snapshot());
        store.write(event("new", "cam", 2, now.minusSeconds(3600), 0.9), new byte[] {2}, null);

        assertEquals(1, store.retain(now, 30, 0));

        assertTrue(store.get("old").isEmpty());
        assertTrue(Files.notExists(old));
        assertTrue(store.get("new").isPresent());
    }

    @Test
    void retentionBySizeDeletesTheOldestFirstUntilUnderTheLimit() {
        byte[] jpeg = new byte[100_000];
        for (int i = 0; i < 20; i++) {
            store.write(event("e" + i, "cam", i, T0.plusSeconds(i), 0.9), jpeg, null);
        }
        long limit = store.bytesUsed() - 1_000_000;

        int deleted = store.retain(T0, 0, limit);

        assertTrue(deleted >= 10, "deleted " + deleted);
        assertTrue(store.bytesUsed() <= limit);
        assertTrue(store.get("e0").isEmpty());
        assertTrue(store.get("e19").isPresent(), "the newest event stays");
    }

    @Test
    void theSweepDeletesSnapshotFilesNoEventNamesButNotRecentOnes() throws Exception {
        Path kept = Path.of(store.write(event("e1", "cam", 1, T0, 0.9), new byte[] {1}, null).snapshot());
        SnapshotFiles files = new SnapshotFiles(dir.resolve("snapshots"));
        Path orphan = files.path("00112233445566778899aabbccddeeff", false);
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[] {2});
        Path leftover = orphan.resolveSibling("00112233445566778899aabbccddeeff-frame.jpg.tmp");
        Files.write(leftover, new byte[] {3});

        assertEquals(0, store.sweepSnapshots(java.time.Duration.ofHours(1)), "young files may belong to a write in flight");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(7200));
        for (Path p : List.of(kept, orphan, leftover)) {
            Files.setLastModifiedTime(p, old);
        }
        assertEquals(2, store.sweepSnapshots(java.time.Duration.ofHours(1)));
        assertTrue(Files.exists(kept));
        assertTrue(Files.notExists(orphan));
        assertTrue(Files.notExists(leftover));
    }

    @Test
    void aClosedStoreFailsLoudlyAndClosingTwiceIsHarmless() {
        store.close();
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.search(EventQuery.all()));
        assertTrue(e.getMessage().contains("closed"));
    }
}
