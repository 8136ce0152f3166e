package io.maskwatch.launcher.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.cli.Args;
import io.maskwatch.eventjson.EventJson;
import io.maskwatch.events.SqliteEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventsCommandTest {

    @TempDir
    Path data;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static MaskEvent event(String id, String camera, String start, double score, String recording) {
        return new MaskEvent(EventType.END, id, camera, MaskLabel.NO_MASK, 3, Instant.parse(start),
                Instant.parse(start).plusSeconds(4), recording == null ? null : 61.5, new PixelBox(1, 2, 30, 40), score, score,
                score, null, recording);
    }

    @BeforeEach
    void fill() {
        try (SqliteEventStore store = new SqliteEventStore(data)) {
            store.write(event("a", "door1", "2026-03-01T09:10:00Z", 0.7, null), new byte[] {1}, null);
            store.write(event("b", "door3", "2026-03-01T09:20:00Z", 0.9, "/rec/door3.mp4"), null, null);
            store.write(event("c", "door3", "2026-03-01T10:30:00Z", 0.95, null), null, null);
        }
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data.toString()));
        return EventsCommand.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<MaskEvent> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().map(EventJson::parse).toList();
    }

    @Test
    void findsTheEventsOfOneCameraInAnHourAsJsonLines() {
        assertEquals(0, run("search", "--camera", "door3", "--after", "2026-03-01T09:00:00Z", "--before",
                "2026-03-01T10:00:00Z", "--json"));
        List<MaskEvent> found = lines();
        assertEquals(1, found.size());
        MaskEvent b = found.getFirst();
        assertEquals("b", b.id());
        assertEquals("/rec/door3.mp4", b.recording());
        assertEquals(61.5, b.mediaOffsetSeconds());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"start_time\":\"2026-03-01T09:20:00.000Z\""));
    }

    @Test
    void repeatsCamerasAndFiltersByScoreAndLimit() {
        assertEquals(0, run("search", "--camera", "door1", "--camera", "door3", "--min-score", "0.8", "--limit", "1", "--json"));
        assertEquals(List.of("c"), lines().stream().map(MaskEvent::id).toList());
        out.reset();
        assertEquals(0, run("search", "--label", "no_mask", "--oldest-first", "--json"));
        assertEquals(List.of("a", "b", "c"), lines().stream().map(MaskEvent::id).toList());
    }

    @Test
    void textOutputIsOneLinePerEvent() {
        assertEquals(0, run("search"));
        List<String> text = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, text.size());
        assertTrue(text.get(1).contains("/rec/door3.mp4 @ 61.5 s"), text.get(1));
    }

    @ParameterizedTest
    @CsvSource({
        "--limit, 0, --limit",
        "--limit, many, --limit",
        "--min-score, 2, --min-score",
        "--after, tuesday, --after",
        "--label, hat, --label",
        "--has-snapshot, maybe, --has-snapshot",
        "--bogus, 1, --bogus",
        "--json=yes, door3, --json",
        "door3, --json, unexpected argument"})
    void badInputExitsTwoWithOneLineNamingTheOption(String option, String value, String named) {
        assertEquals(2, run("search", option, value));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(named), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void timesAgoAndDatesAreUnderstood() {
        Instant now = Instant.parse("2026-03-02T12:00:00Z");
        Args o = new Args(new String[] {"--after", "-2h", "--before", "2026-03-03"}, java.util.Set.of(),
                java.util.Set.of("--after", "--before"));
        assertEquals(Instant.parse("2026-03-02T10:00:00Z"), EventsCommand.query(o, now).after());
        assertEquals(Instant.parse("2026-03-03T00:00:00Z"), EventsCommand.query(o, now).before());
        Args days = new Args(new String[] {"--after", "yesterday", "--before", "today"}, java.util.Set.of(),
                java.util.Set.of("--after", "--before"));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), EventsCommand.query(days, now).after());
        assertEquals(Instant.parse("2026-03-02T00:00:00Z"), EventsCommand.query(days, now).before());
    }

    @Test
    void anEmptyDataDirectoryIsNotAnError(@TempDir Path empty) {
        int code = EventsCommand.run(new String[] {"search", "--data", empty.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no events stored yet"));
    }
}
