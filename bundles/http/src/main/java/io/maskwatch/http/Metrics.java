package io.maskwatch.http;

import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.Overlay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the analytics listener learns from every camera: an inference-latency histogram, event
 * counts, and per-minute compliance (distinct faces seen masked and unmasked). Listener calls come
 * from camera threads and only touch lock-free counters or a per-camera lock.
 */
final class Metrics implements MaskAnalyticsListener {

    /** Upper bounds of the histogram buckets, milliseconds (Prometheus {@code le}). */
    static final double[] BUCKETS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};
    /** Compliance minutes kept per camera. */
    static final int MINUTES = 120;

    private final Map<String, Histogram> inference = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> eventsStarted = new ConcurrentHashMap<>();
    private final Map<String, Compliance> compliance = new ConcurrentHashMap<>();

    @Override
    public void frameAnalyzed(FrameAnalysis a) {
        inference.computeIfAbsent(a.camera(), c -> new Histogram()).observe(a.inferenceMillis());
        compliance.computeIfAbsent(a.camera(), c -> new Compliance()).add(a.time(), a.faces());
    }

    @Override
    public void maskEvent(MaskEvent e) {
        if (e.type() == EventType.START) {
            eventsStarted.computeIfAbsent(e.camera() + "\u0000" + e.label().wireName(), k -> new LongAdder()).increment();
        }
    }

    /** Per-minute compliance of one camera, oldest first. */
    List<Minute> compliance(String camera) {
        Compliance c = compliance.get(camera);
        return c == null ? List.of() : c.minutes();
    }

    record Minute(Instant minute, int faces, int masked, int unmasked) {
    }

    /** Prometheus text exposition format 0.0.4. */
    String render(List<CameraStatus> cameras, Map<String, Long> storedEvents) {
        StringBuilder b = new StringBuilder();
        gauge(b, "maskwatch_camera_fps_in", "Decoded frames per second.", cameras, CameraStatus::fpsIn);
        gauge(b, "maskwatch_camera_fps_out", "Analysed frames per second.", cameras, CameraStatus::fpsOut);
        counter(b, "maskwatch_camera_frames_decoded_total", "Frames decoded since the pipeline started.", cameras,
                CameraStatus::framesDecoded);
        counter(b, "maskwatch_camera_frames_analyzed_total", "Frames analysed since the pipeline started.", cameras,
                CameraStatus::framesAnalyzed);
        counter(b, "maskwatch_camera_frames_dropped_total", "Decoded frames overwritten before analysis.", cameras,
                CameraStatus::framesDropped);
        b.append("# HELP maskwatch_camera_up 1 when the camera is RUNNING.\n# TYPE maskwatch_camera_up gauge\n");
        for (CameraStatus s : cameras) {
            b.append("maskwatch_camera_up{camera=\"").append(esc(s.camera())).append("\",state=\"").append(s.state().name())
                    .append("\"} ").append(s.state() == io.maskwatch.api.CameraState.RUNNING ? 1 : 0).append('\n');
        }
        b.append("# HELP maskwatch_inference_milliseconds Detector time per analysed frame.\n")
                .append("# TYPE maskwatch_inference_milliseconds histogram\n");
        new TreeMap<>(inference).forEach((camera, h) -> h.render(b, camera));
        b.append("# HELP maskwatch_events_started_total no_mask events started since this process started.\n")
                .append("# TYPE maskwatch_events_started_total counter\n");
        new TreeMap<>(eventsStarted).forEach((key, n) -> {
            String[] k = key.split("\u0000", 2);
            b.append("maskwatch_events_started_total{camera=\"").append(esc(k[0])).append("\",label=\"").append(k[1])
                    .append("\"} ").append(n.sum()).append('\n');
        });
        b.append("# HELP maskwatch_events_stored Events in the event store.\n# TYPE maskwatch_events_stored gauge\n");
        new TreeMap<>(storedEvents).forEach((camera, n) ->
                b.append("maskwatch_events_stored{camera=\"").append(esc(camera)).append("\"} ").append(n).append('\n'));
        return b.toString();
    }

    private interface Field {
        double of(CameraStatus s);
    }

    private static void gauge(StringBuilder b, String name, String help, List<CameraStatus> cameras, Field f) {
        series(b, name, help, "gauge", cameras, f);
    }

    private static void counter(StringBuilder b, String name, String help, List<CameraStatus> cameras, Field f) {
        series(b, name, help, "counter", cameras, f);
    }

    private static void series(StringBuilder b, String name, String help, String type, List<CameraStatus> cameras, Field f) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (CameraStatus s : cameras) {
            b.append(name).append("{camera=\"").append(esc(s.camera())).append("\"} ").append(number(f.of(s))).append('\n');
        }
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Label values may hold any text; Prometheus needs backslash, quote and newline escaped. */
    static String esc(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static final class Histogram {
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        void observe(double ms) {
            int i = 0;
            while (i < BUCKETS.length && ms > BUCKETS[i]) {
                i++;
            }
            counts.incrementAndGet(i);
            sum.add(ms);
        }

        void render(StringBuilder b, String camera) {
            long cumulative = 0;
            String cam = esc(camera);
            for (int i = 0; i <= BUCKETS.length; i++) {
                cumulative += counts.get(i);
                b.append("maskwatch_inference_milliseconds_bucket{camera=\"").append(cam).append("\",le=\"")
                        .append(i < BUCKETS.length ? number(BUCKETS[i]) : "+Inf").append("\"} ").append(cumulative).append('\n');
            }
            b.append("maskwatch_inference_milliseconds_sum{camera=\"").append(cam).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.3f", sum.sum())).append('\n');
            b.append("maskwatch_inference_milliseconds_count{camera=\"").append(cam).append("\"} ").append(cumulative).append('\n');
        }
    }

    /** Distinct track ids per minute, by label; a face counts as unmasked in a minute if it was ever unmasked in it. */
    private static final class Compliance {
        private final TreeMap<Long, Set<Long>> masked = new TreeMap<>();
        private final TreeMap<Long, Set<Long>> unmasked = new TreeMap<>();

        synchronized void add(Instant time, List<Overlay> faces) {
            long minute = time.getEpochSecond() / 60;
            for (Overlay o : faces) {
                (o.label() == MaskLabel.MASK ? masked : unmasked).computeIfAbsent(minute, m -> new HashSet<>()).add(o.trackId());
            }
            masked.headMap(minute - MINUTES).clear();
            unmasked.headMap(minute - MINUTES).clear();
        }

        synchronized List<Minute> minutes() {
            Set<Long> all = new java.util.TreeSet<>(masked.keySet());
            all.addAll(unmasked.keySet());
            List<Minute> out = new ArrayList<>();
            for (long m : all) {
                Set<Long> bad = unmasked.getOrDefault(m, Set.of());
                Set<Long> good = new HashSet<>(masked.getOrDefault(m, Set.of()));
                good.removeAll(bad);
                out.add(new Minute(Instant.ofEpochSecond(m * 60), good.size() + bad.size(), good.size(), bad.size()));
            }
            return out;
        }
    }
}
