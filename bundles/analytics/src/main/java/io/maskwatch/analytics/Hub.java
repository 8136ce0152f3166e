package io.maskwatch.analytics;

import io.maskwatch.analytics.json.MaskJson;
import io.maskwatch.api.AnnotatedFrame;
import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.EventStore;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.MaskEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * What the camera pipelines share: the {@link MaskDetector} services (the detector bundle's, or a
 * host's), the outputs (whiteboard listeners, EventAdmin, an optional EventStore, snapshot files) and
 * the {@link CameraMonitor} view.
 * A listener that throws is logged and skipped; it never stops a camera or the other listeners.
 */
@Component(service = {Hub.class, CameraMonitor.class})
public final class Hub implements CameraMonitor, Pipeline.Outputs, Pipeline.Detectors {

    public static final String TOPIC_PREFIX = "io/maskwatch/event/";
    public static final String COMPLIANCE_TOPIC = "io/maskwatch/compliance";

    private static final Logger LOG = Logger.getLogger(Hub.class.getName());

    /** A whiteboard listener; its first failure is a warning, later ones go to the debug log (no flood at 5 fps). */
    private record Listener(MaskAnalyticsListener listener, Set<String> cameras, java.util.concurrent.atomic.AtomicBoolean warned) {
        boolean wants(String camera) {
            return cameras.isEmpty() || cameras.contains(camera);
        }

        void failed(String what, Throwable e) {
            Level level = warned.getAndSet(true) ? Level.FINE : Level.WARNING;
            LOG.log(level, "listener " + listener.getClass().getName() + " failed on " + what + " (further failures at debug level): " + e, e);
        }
    }

    private final Map<MaskAnalyticsListener, Listener> listeners = new ConcurrentHashMap<>();
    private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();
    private final List<Ranked> external = new java.util.ArrayList<>();
    private final Path home;
    private final Path data;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;
    private final java.util.concurrent.atomic.AtomicBoolean eventAdminWarned = new java.util.concurrent.atomic.AtomicBoolean();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EventStore store;

    @Activate
    public Hub(BundleContext context) {
        this.home = dir(context, "maskwatch.home", ".");
        String env = System.getenv("MASKWATCH_DATA");
        this.data = dir(context, "maskwatch.data", env != null && !env.isBlank() ? env : home.resolve(".maskwatch/data").toString());
    }

    private static Path dir(BundleContext ctx, String key, String fallback) {
        String v = ctx.getProperty(key);
        return Path.of(v == null || v.isBlank() ? fallback : v).toAbsolutePath().normalize();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addListener(MaskAnalyticsListener l, Map<String, Object> props) {
        Object c = props.get("camera");
        Set<String> cameras = c instanceof String[] a ? Set.of(a) : c instanceof String s ? Set.of(s)
                : c instanceof java.util.Collection<?> col ? Set.copyOf(col.stream().map(String::valueOf).toList()) : Set.of();
        listeners.put(l, new Listener(l, cameras, new java.util.concurrent.atomic.AtomicBoolean()));
    }

    void removeListener(MaskAnalyticsListener l) {
        listeners.remove(l);
    }

    /** A registered detector; the highest service.ranking wins, then the oldest. */
    private record Ranked(MaskDetector detector, int ranking, long serviceId, String device) {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addDetector(MaskDetector d, Map<String, Object> props) {
        int ranking = props.get("service.ranking") instanceof Integer r ? r : 0;
        long id = props.get("service.id") instanceof Long l ? l : Long.MAX_VALUE;
        synchronized (external) {
            external.add(new Ranked(d, ranking, id, props.get("device") instanceof String dev ? dev : ""));
            external.sort(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId));
        }
    }

    void removeDetector(MaskDetector d) {
        synchronized (external) {
            external.removeIf(r -> r.detector() == d);
        }
    }

    // ---- pipelines

    Pipeline pipeline(CameraSettings s) {
        return new Pipeline(s, this, this, null);
    }

    Pipeline invalid(String pid, Map<String, Object> props, String reason) {
        Object id = props.get("id");
        return Pipeline.rejected(id == null ? pid : id.toString(), reason, this, this);
    }

    void add(String pid, Pipeline p) {
        pipelines.put(pid, p);
    }

    void remove(String pid, Pipeline p) {
        pipelines.remove(pid, p);
    }

    /** Threads of every pipeline, for leak checks. */
    public List<Thread> threads() {
        return pipelines.values().stream().flatMap(p -> p.threads().stream()).toList();
    }

    /** Milliseconds from decode to publication of the latest event message of a camera, or -1. */
    public double eventLatencyMillis(String camera) {
        return find(camera).map(Pipeline::lastEventLatencyMillis).orElse(-1.0);
    }

    // ---- detectors

    /**
     * The registered MaskDetector for a camera: the highest ranked, and among equally ranked ones the one
     * whose service property {@code device} names the camera's device; null while none is registered.
     */
    @Override
    public MaskDetector detector(String device) {
        synchronized (external) {
            if (external.isEmpty()) {
                return null;
            }
            int top = external.getFirst().ranking();
            for (Ranked r : external) {
                if (r.ranking() == top && device.equalsIgnoreCase(r.device())) {
                    return r.detector();
                }
            }
            return external.getFirst().detector();
        }
    }

    // ---- outputs

    @Override
    public void frame(FrameAnalysis analysis) {
        for (Listener l : listeners.values()) {
            if (l.wants(analysis.camera())) {
                try {
                    l.listener().frameAnalyzed(analysis);
                } catch (RuntimeException | LinkageError e) {
                    l.failed("a frame of " + analysis.camera(), e);
                }
            }
        }
    }

    @Override
    public String event(Incidents.Message m, boolean snapshots) {
        MaskEvent e = m.event();
        EventStore s = store;
        if (s != null) {
            try {
                long t0 = System.nanoTime();
                e = s.write(e, snapshots ? m.faceJpeg() : null, snapshots ? m.frameJpeg() : null);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                MaskEvent stored = e;
                LOG.fine(() -> "event store wrote " + stored.type().wireName() + " " + stored.id() + " in " + ms + " ms");
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "event store failed to write " + e.id(), ex);
            }
        } else if (snapshots && m.frameJpeg() != null) {
            e = e.withSnapshot(writeSnapshot(e, m.faceJpeg(), m.frameJpeg()));
        }
        for (Listener l : listeners.values()) {
            if (l.wants(e.camera())) {
                try {
                    l.listener().maskEvent(e);
                } catch (RuntimeException | LinkageError ex) {
                    l.failed("event " + e.id(), ex);
                }
            }
        }
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            Map<String, Object> props = new HashMap<>();
            props.put("camera", e.camera());
            props.put("id", e.id());
            props.put("type", e.type().wireName());
            props.put("label", e.label().wireName());
            props.put("track_id", e.trackId());
            props.put("score", e.score());
            props.put("json", MaskJson.event(e));
            props.put("event", e);
            post(ea, new Event(TOPIC_PREFIX + e.type().name(), props));
        }
        return e.snapshot();
    }

    private String writeSnapshot(MaskEvent e, byte[] face, byte[] frame) {
        Path dir = data.resolve("snapshots").resolve(e.camera());
        Path framePath = dir.resolve(e.id() + ".jpg");
        try {
            Files.createDirectories(dir);
            Files.write(framePath, frame);
            if (face != null) {
                Files.write(dir.resolve(e.id() + "-face.jpg"), face);
            }
            return framePath.toString();
        } catch (IOException ex) {
            LOG.warning("cannot write the snapshot of " + e.id() + " to " + dir + ": " + ex.getMessage());
            return null;
        }
    }

    @Override
    public void compliance(String camera, Compliance.Minute m) {
        LOG.fine(() -> "camera " + camera + " minute " + m);
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            post(ea, new Event(COMPLIANCE_TOPIC, Map.of("camera", camera, "minute", MaskJson.time(m.start()),
                    "faces", m.faces(), "masked", m.masked(), "unmasked", m.unmasked())));
        }
    }

    /**
     * Posts on the camera's analytics thread, so an EventAdmin that throws (Karaf's on Java 25 did, see README)
     * must not end the camera: the store and the listeners already have the event. First refusal a warning,
     * later ones at debug level.
     */
    private void post(EventAdmin ea, Event event) {
        try {
            ea.postEvent(event);
        } catch (RuntimeException | LinkageError ex) {
            Level level = eventAdminWarned.getAndSet(true) ? Level.FINE : Level.WARNING;
            LOG.log(level, "EventAdmin refused " + event.getTopic() + " (further refusals at debug level): " + ex, ex);
        }
    }

    // ---- CameraMonitor

    @Override
    public List<CameraStatus> statuses() {
        return pipelines.values().stream().map(Pipeline::status).sorted(Comparator.comparing(CameraStatus::camera)).toList();
    }

    @Override
    public Optional<CameraStatus> status(String camera) {
        return find(camera).map(Pipeline::status);
    }

    @Override
    public Optional<AnnotatedFrame> latestFrame(String camera) {
        return find(camera).flatMap(Pipeline::latestFrame);
    }

    private Optional<Pipeline> find(String camera) {
        return pipelines.values().stream().filter(p -> p.settings().id().equals(camera)).findFirst();
    }

    @Deactivate
    void deactivate() {
        LOG.fine(() -> "hub stopped; cameras left: " + Arrays.toString(pipelines.keySet().toArray()));
    }
}
