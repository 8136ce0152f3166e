package io.maskwatch.launcher.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.eventjson.EventJson;
import io.maskwatch.events.SqliteEventStore;
import io.maskwatch.launcher.events.EventsCommand;
import io.maskwatch.launcher.host.DemoClip;
import io.maskwatch.video.ClipWriter;
import io.maskwatch.video.RecordingDecoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} end to end with the real detector, event store and FFmpeg: a 1280x720 H.264 clip made
 * from dataset photos whose masked and unmasked seconds are known, and files that are not good video.
 */
class AnalyzeCommandTest {

    static final double HOLD = 8;

    @TempDir
    static Path dir;
    static Path clip;
    static List<DemoClip.Segment> segments;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void clip() {
        Path home = Engine.home();
        Assumptions.assumeTrue(Files.isRegularFile(home.resolve("models/mask-classifier/model.json")),
                "no trained mask classifier in " + home.resolve("models/mask-classifier") + ": analyze tests skipped");
        Path dataset = DemoClip.dataset(home);
        Assumptions.assumeTrue(Files.isDirectory(dataset), "no sample photos at " + dataset + " (../shared/datasets): analyze tests skipped");
        clip = dir.resolve("door 3.mp4");
        segments = DemoClip.write(AnalyzeCommandTest::h264, dataset, clip, HOLD);
    }

    static DemoClip.Sink h264(Path file, int w, int h, double fps) throws Exception {
        ClipWriter cw = new ClipWriter(file, w, h, fps, ClipWriter.Codec.H264);
        return new DemoClip.Sink() {
            @Override
            public void write(byte[] bgr) throws Exception {
                cw.write(bgr);
            }

            @Override
            public void close() throws Exception {
                cw.close();
            }
        };
    }

    static Run analyze(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AnalyzeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eventsAreStoredWithTheRecordingAndFallInTheUnmaskedSeconds() throws Exception {
        Path data = dir.resolve("data");
        Path jsonl = dir.resolve("events.jsonl");
        Path annotated = dir.resolve("annotated.mp4");
        Run r = analyze(clip.toString(), "--camera", "door3", "--data", data.toString(), "--events", jsonl.toString(),
                "--annotated", annotated.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        String recording = clip.toAbsolutePath().normalize().toString();

        List<MaskEvent> stored;
        try (SqliteEventStore store = new SqliteEventStore(data)) {
            stored = store.search(new EventQuery(Set.of("door3"), null, null, null, null, null, null, recording, 1000, 0, false));
        }
        assertFalse(stored.isEmpty(), "no events stored; stderr: " + r.err());
        int unmaskedWithEvents = 0;
        for (DemoClip.Segment s : segments) {
            long n = stored.stream().filter(e -> e.mediaOffsetSeconds() >= s.from() && e.mediaOffsetSeconds() < s.to()).count();
            if (s.masked()) {
                assertEquals(0, n, "events on the masked photo at " + s.from() + "-" + s.to() + " s: " + stored);
            } else if (n > 0) {
                unmaskedWithEvents++;
            }
        }
        assertTrue(unmaskedWithEvents >= 2, "events on " + unmaskedWithEvents + " of 3 unmasked photos: " + stored);
        for (MaskEvent e : stored) {
            assertEquals(recording, e.recording());
            assertEquals(EventType.END, e.type(), "every event is ended when the file ends: " + e);
            assertTrue(e.snapshot() != null && Files.isRegularFile(Path.of(e.snapshot())), "snapshot of " + e.id());
            assertTrue(e.endTime() != null && !e.endTime().isBefore(e.startTime()));
        }

        // events search finds them, as JSON
        ByteArrayOutputStream searchOut = new ByteArrayOutputStream();
        int code = EventsCommand.run(new String[] {"search", "--data", data.toString(), "--recording", recording, "--json", "--oldest-first"},
                new PrintStream(searchOut, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        List<String> found = searchOut.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(stored.stream().map(EventJson::toJson).toList(), found);

        // --events: every message, one JSON line each, the same lines as stdout; the last line of each
        // event is what the store holds
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(r.out().lines().toList(), lines);
        Map<String, String> last = new LinkedHashMap<>();
        for (String line : lines) {
            MaskEvent e = EventJson.parse(line);
            assertEquals(line, EventJson.toJson(e), "a line reads back to itself");
            last.put(e.id(), line);
        }
        Map<String, String> store = new HashMap<>();
        stored.forEach(e -> store.put(e.id(), EventJson.toJson(e)));
        assertEquals(store, new HashMap<>(last));

        // --annotated: H.264, one frame per analysed frame, as long as the clip
        double duration = segments.getLast().to();
        try (RecordingDecoder d = new RecordingDecoder(annotated, 30)) {
            d.open();
            int frames = 0;
            while (d.next() != null) {
                frames++;
            }
            assertEquals("h264", d.info().codec());
            assertEquals(DemoClip.WIDTH, d.info().width());
            assertEquals((int) Math.round(duration * AnalyzeCommand.DEFAULT_FPS), frames);
            assertEquals(duration, d.info().durationSeconds(), 0.6);
        }
    }

    @Test
    void badFilesGetOneLineEachAndTheOthersAreStillAnalysed() throws Exception {
        Path missing = dir.resolve("missing.mp4");
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(100));
        Path truncated = dir.resolve("cut.mp4");
        byte[] whole = Files.readAllBytes(clip);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 3));
        Path data = dir.resolve("bad-data");
        Run r = analyze(missing.toString(), text.toString(), truncated.toString(), clip.toString(), "--data", data.toString(), "--fps", "1");
        assertEquals(1, r.code(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("maskwatch analyze: /") && !l.contains(" video in ")).toList();
        assertEquals(3, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("maskwatch analyze: " + missing + ": "), errors.get(0));
        assertTrue(errors.get(1).startsWith("maskwatch analyze: " + text + ": "), errors.get(1));
        assertTrue(errors.get(2).startsWith("maskwatch analyze: " + truncated + ": "), errors.get(2));
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().contains(clip + ": " + String.format(java.util.Locale.ROOT, "%.1f", segments.getLast().to()) + " s of h264"),
                "the good file was analysed after the bad ones: " + r.err());
        assertTrue(r.err().contains("1 of 4 file(s) analysed"), r.err());
        assertTrue(errors.get(2).contains("truncated"), errors.get(2));
        try (SqliteEventStore store = new SqliteEventStore(data)) {
            assertTrue(store.count(EventQuery.all()) > 0, "events of the good file are stored");
        }
    }

    @Test
    void aStreamableFileCutShortIsReportedAsTruncated() throws Exception {
        Path ffmpeg = Path.of("/usr/bin/ffmpeg");
        Assumptions.assumeTrue(Files.isExecutable(ffmpeg), "skipped: no /usr/bin/ffmpeg to move the MP4 index to the front");
        Path streamable = dir.resolve("streamable.mp4");
        Process p = new ProcessBuilder(ffmpeg.toString(), "-v", "error", "-y", "-i", clip.toString(), "-c", "copy", "-movflags", "+faststart",
                streamable.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "skipped: ffmpeg failed: " + log);
        Path cut = dir.resolve("streamable-cut.mp4");
        byte[] whole = Files.readAllBytes(streamable);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Run r = analyze(cut.toString(), "--data", dir.resolve("cut-data").toString(), "--fps", "1");
        assertEquals(1, r.code(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("maskwatch analyze: " + cut + ": ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.getFirst().contains("truncated"), errors.getFirst());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        Run none = analyze();
        assertEquals(2, none.code());
        assertEquals("maskwatch analyze: give at least one video file", none.err().strip());
        Run fps = analyze("x.mp4", "--fps", "0");
        assertEquals(2, fps.code());
        assertTrue(fps.err().contains("--fps must be between 0.1 and 30"), fps.err());
        Run camera = analyze("x.mp4", "--camera", "no spaces");
        assertEquals(2, camera.code());
        assertTrue(camera.err().startsWith("maskwatch analyze: --camera: id must be"), camera.err());
    }

    @Test
    void theDefaultCameraIdIsTheFileName() {
        assertEquals("door3-0900", AnalyzeCommand.cameraId(Path.of("/v/door3-0900.mp4")));
        assertEquals("door_3", AnalyzeCommand.cameraId(Path.of("door 3.mkv")));
        assertEquals("recording", AnalyzeCommand.cameraId(Path.of("/v/--.mp4")));
        assertEquals(Path.of("/o/out-door_3.mp4"), AnalyzeCommand.perVideo(Path.of("/o/out.mp4"), Path.of("/v/door 3.mp4")));
    }
}
