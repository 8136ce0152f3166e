package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.CameraState;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.Detection;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.video.Decoder;
import io.maskwatch.video.Picture;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A whole pipeline on a scripted live source and a scripted detector, without OSGi. */
class PipelineTest {

    /** 64x48 pictures at about 50 fps; the first byte says what the detector should see. */
    static final class Scripted implements Decoder {
        final MemorySegment pixels = Arena.ofAuto().allocate(64 * 48 * 3);
        volatile byte scene = 1;

        @Override
        public void open() {
        }

        @Override
        public Picture next() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            pixels.set(ValueLayout.JAVA_BYTE, 0, scene);
            return new Picture(64, 48, 64 * 3, pixels, Double.NaN);
        }

        @Override
        public void close() {
        }
    }

    /** Scene 1: an unmasked face, no_mask probability 0.8; scene 2: a masked face; 0: nobody. */
    static final MaskDetector DETECTOR = (BgrFrame f) -> switch (f.pixels().get(ValueLayout.JAVA_BYTE, 0)) {
        case 1 -> List.<Detection>of(Faces.unmasked(10, 0, 0.8));
        case 2 -> List.of(Faces.masked(10, 0));
        default -> List.of();
    };

    final List<MaskEvent> events = new CopyOnWriteArrayList<>();
    final List<FrameAnalysis> frames = new CopyOnWriteArrayList<>();

    final Pipeline.Outputs outputs = new Pipeline.Outputs() {
        @Override
        public void frame(FrameAnalysis a) {
            frames.add(a);
        }

        @Override
        public String event(Incidents.Message m, boolean snapshots) {
            events.add(m.event());
            return null;
        }

        @Override
        public void compliance(String camera, Compliance.Minute minute) {
        }
    };

    static CameraSettings settings(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("id", "cam", "source", "rtsp://127.0.0.1:1/x", "fps", 10, "debounceFrames", 2));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return CameraSettings.parse(m);
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void eventsFlowAndEndWhenTheFaceIsMasked() throws Exception {
        Scripted source = new Scripted();
        Pipeline p = new Pipeline(settings(), outputs, d -> DETECTOR, s -> source);
        p.start();
        try {
            await(() -> events.stream().anyMatch(e -> e.type() == EventType.START), "a start event");
            source.scene = 2;
            await(() -> events.stream().anyMatch(e -> e.type() == EventType.END), "an end event");
            CameraStatus st = p.status();
            assertEquals(CameraState.RUNNING, st.state());
            assertTrue(st.framesAnalyzed() > 3);
            assertTrue(st.framesDropped() > 0, "decoding at 50 fps, analysing at 10 fps drops frames");
            assertTrue(st.fpsOut() > 5 && st.fpsOut() < 14, "fps out " + st.fpsOut());
            assertTrue(p.latestFrame().isPresent());
            assertTrue(frames.stream().anyMatch(f -> !f.faces().isEmpty()));
        } finally {
            p.close();
        }
        for (Thread t : p.threads()) {
            assertFalse(t.isAlive(), t.getName());
        }
        assertEquals(CameraState.STOPPED, p.status().state());
    }

    @Test
    void aRaisedThresholdAppliesLive() throws Exception {
        Scripted source = new Scripted();
        Pipeline p = new Pipeline(settings("noMaskThreshold", 0.9), outputs, d -> DETECTOR, s -> source);
        p.start();
        try {
            await(() -> frames.size() > 8, "analysed frames");
            assertTrue(events.isEmpty(), "0.8 is below the no-mask threshold 0.9");
            p.update(settings("noMaskThreshold", 0.7));
            await(() -> !events.isEmpty(), "an event after lowering the threshold");
            assertEquals(EventType.START, events.getFirst().type());
        } finally {
            p.close();
        }
    }

    @Test
    void openEventsEndWhenTheCameraStops() throws Exception {
        Pipeline p = new Pipeline(settings(), outputs, d -> DETECTOR, s -> new Scripted());
        p.start();
        await(() -> !events.isEmpty(), "a start event");
        p.close();
        assertEquals(EventType.END, events.getLast().type());
    }

    @Test
    void withoutADetectorTheCameraWaitsAndSaysWhy() throws Exception {
        java.util.concurrent.atomic.AtomicReference<MaskDetector> current = new java.util.concurrent.atomic.AtomicReference<>();
        Pipeline p = new Pipeline(settings(), outputs, d -> current.get(), s -> new Scripted());
        p.start();
        try {
            await(() -> p.status().state() == CameraState.CONNECTING && Pipeline.NO_DETECTOR.equals(p.status().reason()),
                    "the camera waiting for a detector");
            assertEquals(0, p.status().framesAnalyzed());
            current.set(DETECTOR);
            await(() -> !events.isEmpty(), "events once a detector is there");
            assertEquals(CameraState.RUNNING, p.status().state());
        } finally {
            p.close();
        }
    }

    @Test
    void anUnsupportedSchemeIsAnError() {
        Pipeline p = new Pipeline(settings("source", "ftp://cam/x"), outputs, d -> DETECTOR, null);
        p.start();
        assertEquals(CameraState.ERROR, p.status().state());
        assertTrue(p.status().reason().startsWith("unsupported source scheme 'ftp'"), p.status().reason());
    }
}
