package io.maskwatch.eventjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Event JSON, one object per event message:
 * <pre>{"type":"start","id":"..","camera":"door3","label":"no_mask","track_id":7,
 *  "start_time":"2026-01-02T09:00:00.000Z","end_time":null,"media_offset_s":12.4,
 *  "box":[x1,y1,x2,y2],"score":0.93,"snapshot":null,"recording":null,"peak_score":0.95,"mean_score":0.9}</pre>
 * Times are UTC with exactly three fraction digits so that lines sort and compare as text.
 * Thread-safe.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    public static ObjectNode toNode(MaskEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", e.type().wireName());
        n.put("id", e.id());
        n.put("camera", e.camera());
        n.put("label", e.label().wireName());
        n.put("track_id", e.trackId());
        n.put("start_time", time(e.startTime()));
        if (e.endTime() == null) {
            n.putNull("end_time");
        } else {
            n.put("end_time", time(e.endTime()));
        }
        if (e.mediaOffsetSeconds() == null) {
            n.putNull("media_offset_s");
        } else {
            n.put("media_offset_s", round(e.mediaOffsetSeconds(), 1000));
        }
        ArrayNode box = n.putArray("box");
        box.add(round(e.box().x1(), 10)).add(round(e.box().y1(), 10)).add(round(e.box().x2(), 10)).add(round(e.box().y2(), 10));
        n.put("score", round(e.score(), 10000));
        n.put("snapshot", e.snapshot());
        n.put("recording", e.recording());
        n.put("peak_score", round(e.peakScore(), 10000));
        n.put("mean_score", round(e.meanScore(), 10000));
        return n;
    }

    /** One line, no trailing newline. */
    public static String toJson(MaskEvent e) {
        try {
            return MAPPER.writeValueAsString(toNode(e));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads one event line back.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static MaskEvent parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("an event must be a JSON object");
        }
        JsonNode box = required(n, "box");
        if (!box.isArray() || box.size() != 4) {
            throw new IllegalArgumentException("box must be [x1,y1,x2,y2]");
        }
        double score = required(n, "score").asDouble();
        try {
            return new MaskEvent(
                    EventType.valueOf(text(n, "type").toUpperCase(Locale.ROOT)),
                    text(n, "id"),
                    text(n, "camera"),
                    MaskLabel.parse(text(n, "label")),
                    required(n, "track_id").asLong(),
                    instant(n, "start_time"),
                    n.path("end_time").isTextual() ? instant(n, "end_time") : null,
                    n.path("media_offset_s").isNumber() ? n.get("media_offset_s").asDouble() : null,
                    new PixelBox(box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(), box.get(3).asDouble()),
                    score,
                    n.path("peak_score").asDouble(score),
                    n.path("mean_score").asDouble(score),
                    n.path("snapshot").isTextual() ? n.get("snapshot").asText() : null,
                    n.path("recording").isTextual() ? n.get("recording").asText() : null);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("bad event: " + ex.getMessage());
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        return required(n, field).asText();
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(text(n, field));
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 UTC time");
        }
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
