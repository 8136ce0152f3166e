package io.maskwatch.analytics;

import io.maskwatch.api.AnnotatedFrame;
import io.maskwatch.api.CameraState;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.NormalizedBox;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import io.maskwatch.video.CameraReader;
import io.maskwatch.video.Decoder;
import io.maskwatch.video.RateMeter;
import io.maskwatch.video.Source;
import io.maskwatch.video.SourceException;
import io.maskwatch.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One camera: a {@link CameraReader} decoding into its latest-frame slot and an analytics thread that
 * takes the newest frame at the configured fps, detects, tracks, debounces and turns tracks into
 * events. Everything it produces goes to {@link Outputs}. Thresholds change live; closing stops both
 * threads and frees the frame buffers.
 */
final class Pipeline implements AutoCloseable {

    /** Where a pipeline's results go. Called on the analytics thread. */
    interface Outputs {
        void frame(FrameAnalysis analysis);

        /** Publishes one event message and returns the path its snapshot was stored at, or null. */
        String event(Incidents.Message message, boolean snapshots);

        void compliance(String camera, Compliance.Minute minute);
    }

    /** The detector for a device. */
    interface Detectors {
        /** @return the detector, or null while none is available */
        MaskDetector detector(String device);
    }

    static final String NO_DETECTOR = "waiting for a mask detector service: check that the detector bundle runs"
            + " and its configuration io.maskwatch.detector (models, device)";

    private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());

    private volatile CameraSettings settings;
    private final Outputs outputs;
    private final Detectors detectors;
    private final Function<Source, Decoder> decoders;
    private final RateMeter fpsOut = new RateMeter();
    private final double[] inferenceMs = new double[16];
    private final Object lock = new Object();
    private CameraReader reader;
    private Thread analytics;
    private volatile boolean running;
    private volatile CameraState ownState;
    private volatile String ownReason;
    private volatile String lastError;
    private volatile Instant lastErrorTime;
    private volatile long analyzed;
    private volatile long lastLatencyNanos = -1;
    private volatile boolean waitingForDetector;
    private int inferenceCount;
    private volatile Latest latest;

    private record Latest(FrameAnalysis analysis, byte[] bgr) {
    }

    /** @param decoders null for FFmpeg */
    Pipeline(CameraSettings settings, Outputs outputs, Detectors detectors, Function<Source, Decoder> decoders) {
        this.settings = settings;
        this.outputs = outputs;
        this.detectors = detectors;
        this.decoders = decoders;
    }

    CameraSettings settings() {
        return settings;
    }

    /** A camera whose configuration was rejected: ERROR with the validation message, never started. */
    static Pipeline rejected(String id, String reason, Outputs outputs, Detectors detectors) {
        CameraSettings placeholder = new CameraSettings(id, id, "", false, 5, 0.5, 0.6, 20, Roi.WHOLE_FRAME, 3, 30, false, "CPU");
        Pipeline p = new Pipeline(placeholder, outputs, detectors, null);
        p.fail(reason);
        return p;
    }

    /** Starts reading and analysing, or records why it cannot (a disabled camera, a bad source, no detector). */
    void start() {
        CameraSettings s = settings;
        if (ownState != null) {
            return;
        }
        if (!s.enabled()) {
            ownState = CameraState.STOPPED;
            ownReason = "disabled";
            return;
        }
        Source source;
        try {
            source = Source.parse(s.source());
        } catch (SourceException e) {
            fail(e.getMessage());
            return;
        }
        CameraReader.StateListener log = (state, why) -> {
            if (state == CameraState.RECONNECTING || state == CameraState.ERROR) {
                lastError = why;
                lastErrorTime = Instant.now();
            }
            LOG.fine("camera " + s.id() + ": " + state + (why == null ? "" : " (" + why + ")"));
        };
        if (s.snapshotOnEvent()) {
            // The first JPEG with a label takes a few hundred ms (ImageIO plugins, fonts); pay it now, not on
            // the first event.
            PixelBox b = new PixelBox(1, 1, 6, 6);
            Jpeg.annotated(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR),
                    List.of(new Overlay(1, MaskLabel.NO_MASK, 1, b, NormalizedBox.of(b, 8, 8))));
        }
        synchronized (lock) {
            running = true;
            reader = decoders == null ? CameraReader.ffmpeg(s.id(), source, log)
                    : new CameraReader(s.id(), source, decoders, CameraReader.Options.defaults(), log);
            reader.start();
            String recording = source.live() ? null : source.location();
            analytics = Thread.ofPlatform().name("maskwatch-analytics-" + s.id()).daemon()
                    .start(() -> analyse(reader, recording));
        }
    }

    private void fail(String reason) {
        ownState = CameraState.ERROR;
        ownReason = reason;
        lastError = reason;
        lastErrorTime = Instant.now();
        LOG.fine(() -> "camera " + settings.id() + ": " + reason);
    }

    /** Takes new thresholds, debounce, cooldown and region at the next frame, without reconnecting. */
    void update(CameraSettings next) {
        settings = next;
    }

    private void analyse(CameraReader r, String recording) {
        CameraSettings s = settings;
        FrameAnalyzer analyzer = new FrameAnalyzer(s, recording);
        long period = (long) (1e9 / s.fps());
        long next = System.nanoTime();
        try {
            while (running) {
                VideoFrame f = r.slot().take(500, TimeUnit.MILLISECONDS);
                if (f == null) {
                    if (r.state() == CameraState.STOPPED || r.state() == CameraState.ERROR) {
                        break;
                    }
                    continue;
                }
                try {
                    frame(f, analyzer);
                } catch (RuntimeException e) {
                    lastError = "analysis failed: " + e;
                    lastErrorTime = Instant.now();
                    LOG.log(Level.WARNING, "camera " + s.id() + ": analysis of frame " + f.number() + " failed", e);
                } finally {
                    r.slot().release(f);
                }
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    // parked, not slept: close() wakes it with unpark, so a store write in the END
                    // messages that follow is not hit by an interrupt.
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Incidents.Message m : analyzer.endAll()) {
                publish(m);
            }
            Compliance.Minute last = analyzer.finish();
            if (last != null && last.faces() > 0) {
                outputs.compliance(s.id(), last);
            }
        }
    }

    private void frame(VideoFrame f, FrameAnalyzer analyzer) {
        CameraSettings s = settings;
        MaskDetector detector = detectors.detector(s.device());
        waitingForDetector = detector == null;
        if (detector == null) {
            return;
        }
        FrameAnalyzer.Result r = analyzer.analyze(f, s, detector, System.nanoTime(), done -> outputs.compliance(s.id(), done));
        latest = new Latest(r.analysis(), r.pixels());
        recordInference(r.analysis().inferenceMillis());
        outputs.frame(r.analysis());
        for (Incidents.Message m : r.messages()) {
            publish(m);
        }
        if (!r.messages().isEmpty()) {
            lastLatencyNanos = System.nanoTime() - f.decodedNanos();
        }
        analyzed++;
        fpsOut.mark(System.nanoTime());
    }

    private void publish(Incidents.Message m) {
        try {
            FrameAnalyzer.publish(m, outputs, settings.snapshotOnEvent());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "camera " + settings.id() + ": publishing event " + m.event().id() + " failed", e);
        }
    }

    private void recordInference(double ms) {
        synchronized (inferenceMs) {
            inferenceMs[inferenceCount++ % inferenceMs.length] = ms;
        }
    }

    private double meanInference() {
        synchronized (inferenceMs) {
            int n = Math.min(inferenceCount, inferenceMs.length);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += inferenceMs[i];
            }
            return n == 0 ? 0 : sum / n;
        }
    }

    /** Milliseconds from the decode of the frame that produced the latest event message to its publication, or -1. */
    double lastEventLatencyMillis() {
        long l = lastLatencyNanos;
        return l < 0 ? -1 : l / 1e6;
    }

    CameraStatus status() {
        CameraSettings s = settings;
        CameraReader r;
        synchronized (lock) {
            r = reader;
        }
        CameraState state = ownState != null ? ownState : r == null ? CameraState.CONNECTING : r.state();
        String reason = ownState != null ? ownReason : r == null ? "starting" : r.reason();
        if (state == CameraState.RUNNING && waitingForDetector) {
            state = CameraState.CONNECTING;
            reason = NO_DETECTOR;
        }
        long now = System.nanoTime();
        return new CameraStatus(s.id(), s.name(), state, reason, r == null ? 0 : r.fpsIn(), fpsOut.perSecond(now),
                r == null ? 0 : r.framesDecoded(), analyzed, r == null ? 0 : r.slot().dropped(), meanInference(), lastError,
                lastErrorTime, Instant.now());
    }

    Optional<AnnotatedFrame> latestFrame() {
        Latest l = latest;
        if (l == null) {
            return Optional.empty();
        }
        FrameAnalysis a = l.analysis();
        return Optional.of(new AnnotatedFrame(a, Jpeg.annotated(Jpeg.image(l.bgr(), a.width(), a.height()), a.faces())));
    }

    /** Threads the pipeline runs, for leak checks. */
    List<Thread> threads() {
        synchronized (lock) {
            return reader == null ? List.of() : List.of(reader.thread(), analytics);
        }
    }

    /** Stops both threads (ending open events) and frees the frame buffers. Idempotent. */
    @Override
    public void close() {
        CameraReader r;
        Thread a;
        synchronized (lock) {
            running = false;
            r = reader;
            a = analytics;
        }
        if (r == null) {
            return;
        }
        r.close();
        LockSupport.unpark(a);
        try {
            a.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownState == null) {
            ownState = CameraState.STOPPED;
            ownReason = "stopped";
        }
    }
}
