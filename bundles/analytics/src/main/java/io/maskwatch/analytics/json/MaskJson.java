package io.maskwatch.analytics.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.NormalizedBox;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import io.maskwatch.eventjson.EventJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Overlay lines, and event lines through the one event JSON of the event store ({@link EventJson}):
 * {@code type, id, camera, label, track_id, start_time, end_time, media_offset_s, box, score, snapshot,
 * recording, peak_score, mean_score}. Times are UTC with milliseconds and a Z, so lines sort as text.
 * Thread-safe.
 */
public final class MaskJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MaskJson() {
    }

    @JsonPropertyOrder({"track_id", "label", "score", "box", "nbox"})
    record FaceLine(
            @JsonProperty("track_id") long trackId,
            @JsonProperty("label") String label,
            @JsonProperty("score") double score,
            @JsonProperty("box") double[] box,
            @JsonProperty("nbox") double[] normalized) {
    }

    @JsonPropertyOrder({"camera", "frame", "time", "media_offset_s", "width", "height", "inference_ms", "faces"})
    record FrameLine(
            @JsonProperty("camera") String camera,
            @JsonProperty("frame") long frame,
            @JsonProperty("time") String time,
            @JsonProperty("media_offset_s") Double mediaOffset,
            @JsonProperty("width") int width,
            @JsonProperty("height") int height,
            @JsonProperty("inference_ms") double inferenceMs,
            @JsonProperty("faces") List<FaceLine> faces) {
    }

    public static String time(Instant t) {
        return t == null ? null : EventJson.time(t);
    }

    /** One event message as one line, without a line break: the event store's event JSON ({@link EventJson}). */
    public static String event(MaskEvent e) {
        return EventJson.toJson(e);
    }

    /** The overlays of one analysed frame as one line: pixel boxes [x1,y1,x2,y2] and normalised [x,y,w,h]. */
    public static String frame(FrameAnalysis a) {
        List<FaceLine> faces = a.faces().stream().map(MaskJson::face).toList();
        return write(new FrameLine(a.camera(), a.frameNumber(), time(a.time()),
                a.mediaOffsetSeconds() == null ? null : round(a.mediaOffsetSeconds(), 1000), a.width(), a.height(),
                round(a.inferenceMillis(), 100), faces));
    }

    private static FaceLine face(Overlay o) {
        NormalizedBox n = o.normalized();
        return new FaceLine(o.trackId(), o.label().wireName(), round(o.score(), 10_000), box(o.box()),
                new double[] {round(n.x(), 10_000), round(n.y(), 10_000), round(n.width(), 10_000), round(n.height(), 10_000)});
    }

    private static double[] box(PixelBox b) {
        return new double[] {round(b.x1(), 10), round(b.y1(), 10), round(b.x2(), 10), round(b.y2(), 10)};
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    private static String write(Object line) {
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
