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
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Event and overlay lines. An event line has exactly the fields of the event contract, in this order:
 * {@code type, id, camera, label, track_id, start_time, end_time, media_offset_s, box, score, snapshot};
 * times are UTC with milliseconds and a Z, so lines sort as text. Thread-safe.
 */
public final class MaskJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MaskJson() {
    }

    @JsonPropertyOrder({"type", "id", "camera", "label", "track_id", "start_time", "end_time", "media_offset_s", "box", "score",
        "snapshot"})
    record EventLine(
            @JsonProperty("type") String type,
            @JsonProperty("id") String id,
            @JsonProperty("camera") String camera,
            @JsonProperty("label") String label,
            @JsonProperty("track_id") long trackId,
            @JsonProperty("start_time") String startTime,
            @JsonProperty("end_time") String endTime,
            @JsonProperty("media_offset_s") Double mediaOffset,
            @JsonProperty("box") double[] box,
            @JsonProperty("score") double score,
            @JsonProperty("snapshot") String snapshot) {
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
        return t == null ? null : TIME.format(t);
    }

    /** One event message as one line, without a line break. */
    public static String event(MaskEvent e) {
        return write(new EventLine(e.type().wireName(), e.id(), e.camera(), e.label().wireName(), e.trackId(), time(e.startTime()),
                time(e.endTime()), e.mediaOffsetSeconds() == null ? null : round(e.mediaOffsetSeconds(), 1000), box(e.box()),
                round(e.score(), 10_000), e.snapshot()));
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
