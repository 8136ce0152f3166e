package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.maskwatch.analytics.json.MaskJson;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.NormalizedBox;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Produced lines against the JSON Schemas in docs/schema. */
class MaskJsonTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonSchema schema(String name) throws IOException {
        Path p = Path.of(System.getProperty("maskwatch.home", "../..")).resolve("docs/schema").resolve(name);
        try (InputStream in = Files.newInputStream(p)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static void assertValid(JsonSchema schema, String line) throws IOException {
        Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(line));
        assertTrue(errors.isEmpty(), line + " -> " + errors);
    }

    /** Events that a real lifecycle produced: start, update(s), end. */
    static List<MaskEvent> lifecycle() {
        Incidents inc = new Incidents("door-1", "/clips/a.mp4", 30);
        Tracker tracker = new Tracker(1);
        List<MaskEvent> out = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            List<Tracker.Track> ended = new ArrayList<>();
            List<io.maskwatch.api.Detection> faces = i < 10 ? List.of(Faces.unmasked(100 + i, 50, 0.7 + i * 0.02)) : List.of();
            List<Tracker.Track> live = tracker.update(faces, 1, ended);
            live.stream().filter(Tracker.Track::seenNow).forEach(t -> t.debounce.observe(true));
            Incidents.FrameTime t = new Incidents.FrameTime(Instant.parse("2026-01-02T09:00:00Z").plusMillis(i * 250L), i * 0.25,
                    i * 250_000_000L);
            inc.update(live, ended, t, (b, l) -> new byte[2][]).forEach(m -> out.add(m.event()));
        }
        return out;
    }

    @Test
    void eventLinesHaveExactlyTheContractFieldsInOrderAndMatchTheSchema() throws IOException {
        JsonSchema schema = schema("event.schema.json");
        List<MaskEvent> events = lifecycle();
        assertEquals(EventType.START, events.getFirst().type());
        assertEquals(EventType.END, events.getLast().type());
        for (MaskEvent e : events) {
            assertValid(schema, MaskJson.event(e));
            assertValid(schema, MaskJson.event(e.withSnapshot("/data/snapshots/door-1/x.jpg")));
        }
        JsonNode start = MAPPER.readTree(MaskJson.event(events.getFirst()));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = start.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertEquals(List.of("type", "id", "camera", "label", "track_id", "start_time", "end_time", "media_offset_s", "box", "score",
                "snapshot", "recording", "peak_score", "mean_score"), names);
        assertEquals("start", start.get("type").asText());
        assertEquals("no_mask", start.get("label").asText());
        assertEquals("2026-01-02T09:00:00.000Z", start.get("start_time").asText());
        assertTrue(start.get("end_time").isNull());
        String end = MaskJson.event(events.getLast());
        assertFalse(MAPPER.readTree(end).get("end_time").isNull());
        assertFalse(end.contains("\n"));
    }

    @Test
    void aBrokenEventFailsTheSchema() throws IOException {
        JsonSchema schema = schema("event.schema.json");
        String line = MaskJson.event(lifecycle().getFirst()).replace("\"start\"", "\"begin\"");
        assertFalse(schema.validate(MAPPER.readTree(line)).isEmpty());
    }

    @Test
    void frameLinesMatchTheSchema() throws IOException {
        PixelBox b = new PixelBox(10, 20, 50, 80);
        FrameAnalysis a = new FrameAnalysis("door-1", 42, Instant.parse("2026-01-02T09:00:01.5Z"), 1.5, 640, 480, 12.345,
                List.of(new Overlay(3, MaskLabel.NO_MASK, 0.8, b, NormalizedBox.of(b, 640, 480)),
                        new Overlay(4, MaskLabel.MASK, 0.9, b, NormalizedBox.of(b, 640, 480))));
        String line = MaskJson.frame(a);
        assertValid(schema("frame.schema.json"), line);
        JsonNode n = MAPPER.readTree(line);
        assertEquals(0.0156, n.get("faces").get(0).get("nbox").get(0).asDouble(), 1e-4);
        assertEquals(12.35, n.get("inference_ms").asDouble(), 1e-9);
    }
}
