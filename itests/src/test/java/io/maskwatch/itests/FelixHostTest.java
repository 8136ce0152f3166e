package io.maskwatch.itests;

import static io.maskwatch.itests.Scenes.Scene.EMPTY;
import static io.maskwatch.itests.Scenes.Scene.MASKED;
import static io.maskwatch.itests.Scenes.Scene.UNMASKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraState;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.launcher.host.Host;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The bundles in a real Felix framework with SCR, ConfigAdmin, EventAdmin and Metatype, cameras as
 * factory configurations, and a scripted detector service in place of the OpenVINO models.
 */
class FelixHostTest {

    static Host host;
    static CameraMonitor monitor;
    static final List<MaskEvent> events = new CopyOnWriteArrayList<>();
    static final List<FrameAnalysis> frames = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        // Test events and snapshots stay out of the developer's event store.
        System.setProperty("maskwatch.data", dir.resolve("data").toString());
        host = Host.start(Path.of(System.getProperty("maskwatch.home", "..")));
        host.provide(Scenes.DETECTOR);
        host.listen(new MaskAnalyticsListener() {
            @Override
            public void frameAnalyzed(FrameAnalysis a) {
                frames.add(a);
            }

            @Override
            public void maskEvent(MaskEvent e) {
                events.add(e);
            }
        });
        monitor = host.monitor();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (host != null) {
            host.close();
        }
        System.clearProperty("maskwatch.data");
        await(() -> pipelineThreads("").isEmpty(), "no pipeline threads after the framework stopped");
    }

    static Map<String, Object> camera(String id, String source, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("id", id, "source", source, "fps", 5, "debounceFrames", 2, "cooldownSeconds", 5));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<MaskEvent> eventsOf(String camera) {
        return events.stream().filter(e -> e.camera().equals(camera)).toList();
    }

    static List<Thread> pipelineThreads(String camera) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().startsWith("maskwatch-video-" + camera) || t.getName().startsWith("maskwatch-analytics-" + camera)))
                .toList();
    }

    static Optional<CameraStatus> status(String camera) {
        return monitor.status(camera);
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; cameras " + (monitor == null ? "?" : monitor.statuses()));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void everyBundleResolvesAndStarts() {
        List<String> names = host.bundles().stream().map(Bundle::getSymbolicName).toList();
        for (String needed : List.of("io.maskwatch.analytics", "io.maskwatch.video", "io.maskwatch.detector", "io.maskwatch.openvino",
                "io.maskwatch.classifier", "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.eventadmin",
                "org.apache.felix.metatype")) {
            assertTrue(names.contains(needed), needed + " installed; have " + names);
        }
        assertFalse(names.stream().anyMatch(n -> n.startsWith("io.maskwatch.http") || n.startsWith("org.apache.felix.http")),
                "the HTTP bundles only when asked for (HttpRunTest); have " + names);
        for (Bundle b : host.bundles()) {
            assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " is active");
        }
    }

    @Test
    void metatypeDescribesTheCameraFactoryPid() throws Exception {
        // MetaTypeService's classes live in the Metatype bundle: call it by reflection.
        Bundle analytics = host.bundles().stream().filter(b -> b.getSymbolicName().equals("io.maskwatch.analytics")).findFirst().orElseThrow();
        var ref = host.context().getAllServiceReferences("org.osgi.service.metatype.MetaTypeService", null)[0];
        Object mts = host.context().getService(ref);
        java.lang.reflect.Method infoOf = mts.getClass().getMethod("getMetaTypeInformation", Bundle.class);
        infoOf.setAccessible(true);
        Object info = infoOf.invoke(mts, analytics);
        java.lang.reflect.Method factoryPids = info.getClass().getMethod("getFactoryPids");
        factoryPids.setAccessible(true);
        assertEquals(List.of("io.maskwatch.camera"), List.of((String[]) factoryPids.invoke(info)));
        java.lang.reflect.Method ocdOf = info.getClass().getMethod("getObjectClassDefinition", String.class, String.class);
        ocdOf.setAccessible(true);
        Object ocd = ocdOf.invoke(info, "io.maskwatch.camera", null);
        java.lang.reflect.Method ads = ocd.getClass().getMethod("getAttributeDefinitions", int.class);
        ads.setAccessible(true);
        List<String> ids = new java.util.ArrayList<>();
        for (Object ad : (Object[]) ads.invoke(ocd, -1)) {
            java.lang.reflect.Method id = ad.getClass().getMethod("getID");
            id.setAccessible(true);
            ids.add((String) id.invoke(ad));
        }
        assertEquals(List.of("id", "name", "source", "enabled", "fps", "faceScoreThreshold", "noMaskThreshold", "minFacePx", "roi",
                "debounceFrames", "cooldownSeconds", "snapshotOnEvent", "device"), ids);
    }

    @Test
    void aClipCameraGivesStartAndEndEventsToListeners() throws Exception {
        Path clip = Scenes.clip(host, dir.resolve("lifecycle.mp4"), Scenes.concat(Scenes.repeat(EMPTY, 2), Scenes.repeat(UNMASKED, 4),
                Scenes.repeat(MASKED, 4)));
        host.configure(camera("lifecycle", clip.toString()));
        await(() -> eventsOf("lifecycle").stream().anyMatch(e -> e.type() == EventType.END), "START then END");
        List<MaskEvent> mine = eventsOf("lifecycle");
        assertEquals(EventType.START, mine.getFirst().type());
        MaskEvent end = mine.stream().filter(e -> e.type() == EventType.END).findFirst().orElseThrow();
        assertEquals(mine.getFirst().id(), end.id());
        double startOffset = mine.getFirst().mediaOffsetSeconds();
        assertTrue(startOffset >= 2 && startOffset < 4, "the event starts when the unmasked face appears: " + startOffset);
        assertEquals(clip.toString(), end.recording());
        assertTrue(end.snapshot() != null && Files.size(Path.of(end.snapshot())) > 0, "snapshot written: " + end.snapshot());
        assertTrue(frames.stream().anyMatch(f -> f.camera().equals("lifecycle") && !f.faces().isEmpty()
                && f.faces().getFirst().normalized().x() > 0.3), "overlays with normalised boxes");
        await(() -> status("lifecycle").map(s -> s.state() == CameraState.STOPPED).orElse(false), "the file camera stops at the end");
        assertEquals("end of file", status("lifecycle").orElseThrow().reason());
        host.remove("lifecycle");
    }

    @Test
    void aThrowingListenerIsIsolatedAndTheCameraPropertyFilters() throws Exception {
        List<MaskEvent> otherCamera = new CopyOnWriteArrayList<>();
        List<MaskEvent> filtered = new CopyOnWriteArrayList<>();
        java.util.Hashtable<String, Object> only = new java.util.Hashtable<>();
        only.put("camera", "someone-else");
        var a = host.context().registerService(MaskAnalyticsListener.class, new MaskAnalyticsListener() {
            @Override
            public void frameAnalyzed(FrameAnalysis f) {
                throw new IllegalStateException("a broken NVR listener");
            }

            @Override
            public void maskEvent(MaskEvent e) {
                throw new IllegalStateException("a broken NVR listener");
            }
        }, null);
        var b = host.context().registerService(MaskAnalyticsListener.class, new MaskAnalyticsListener() {
            @Override
            public void maskEvent(MaskEvent e) {
                otherCamera.add(e);
            }
        }, only);
        only.put("camera", new String[] {"isolated"});
        var c = host.context().registerService(MaskAnalyticsListener.class, new MaskAnalyticsListener() {
            @Override
            public void maskEvent(MaskEvent e) {
                filtered.add(e);
            }
        }, only);
        try {
            Path clip = Scenes.clip(host, dir.resolve("isolated.mp4"), Scenes.repeat(UNMASKED, 3));
            host.configure(camera("isolated", clip.toString()));
            await(() -> !eventsOf("isolated").isEmpty() && !filtered.isEmpty(), "events despite a throwing listener");
            assertTrue(otherCamera.isEmpty(), "a listener for another camera gets nothing");
            assertTrue(filtered.stream().allMatch(e -> e.camera().equals("isolated")));
            host.remove("isolated");
        } finally {
            a.unregister();
            b.unregister();
            c.unregister();
        }
    }

    @Test
    void eventsArePostedOnEventAdminTopicsWithComplianceCounts() throws Exception {
        List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
        host.subscribe("io/maskwatch/*", e -> {
            if ("topics".equals(e.get("camera"))) {
                received.add(e);
            }
        });
        Path clip = Scenes.clip(host, dir.resolve("topics.mp4"), Scenes.concat(Scenes.repeat(UNMASKED, 3), Scenes.repeat(MASKED, 3)));
        host.configure(camera("topics", clip.toString()));
        // A minute boundary inside the clip gives one more count; the last one comes when the file ends.
        await(() -> "io/maskwatch/compliance".equals(received.isEmpty() ? null : received.getLast().get("event.topics"))
                && received.stream().anyMatch(e -> "io/maskwatch/event/END".equals(e.get("event.topics"))), "END, then the compliance count");
        List<Object> topics = received.stream().map(e -> e.get("event.topics")).filter(t -> !"io/maskwatch/compliance".equals(t)).toList();
        assertEquals(List.of("io/maskwatch/event/START", "io/maskwatch/event/END"), topics);
        assertTrue(String.valueOf(received.getFirst().get("json")).startsWith("{\"type\":\"start\""), received.getFirst().toString());
        Map<String, Object> minute = received.getLast();
        assertEquals(1, minute.get("faces"));
        assertEquals(1, minute.get("masked"), "the face was last seen masked");
        host.remove("topics");
    }

    @Test
    void aRaisedThenLoweredThresholdAppliesWithoutReconnecting() throws Exception {
        Path clip = Scenes.clip(host, dir.resolve("threshold.mp4"), Scenes.repeat(UNMASKED, 30));
        host.configure(camera("thr", clip.toString(), "noMaskThreshold", 0.95));
        await(() -> frames.stream().filter(f -> f.camera().equals("thr")).count() >= 10, "ten analysed frames");
        assertTrue(eventsOf("thr").isEmpty(), "no_mask probability 0.8 is below the threshold 0.95");
        long before = frames.stream().filter(f -> f.camera().equals("thr")).mapToLong(FrameAnalysis::frameNumber).max().orElseThrow();
        host.configure(camera("thr", clip.toString(), "noMaskThreshold", 0.5));
        await(() -> !eventsOf("thr").isEmpty(), "an event once the threshold is 0.5");
        FrameAnalysis after = frames.stream().filter(f -> f.camera().equals("thr")).reduce((a, b) -> b).orElseThrow();
        assertTrue(after.frameNumber() > before, "frame numbers go on: the stream was not reopened");

        host.remove("thr");
        await(() -> pipelineThreads("thr").isEmpty(), "the camera's threads to end");
        await(() -> status("thr").isEmpty(), "the camera to leave the monitor");
        assertEquals(EventType.END, eventsOf("thr").getLast().type(), "deleting the camera ends its open event");
    }

    @Test
    void anUnreachableCameraRetriesWhileAnotherKeepsProducingEvents() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path clip = Scenes.clip(host, dir.resolve("good.mp4"), Scenes.repeat(UNMASKED, 8));
        host.configure(camera("gone", "rtsp://127.0.0.1:" + port + "/nothing"));
        host.configure(camera("ftp", "ftp://127.0.0.1/x"));
        host.configure(camera("good", clip.toString()));
        await(() -> status("gone").map(s -> s.state() == CameraState.RECONNECTING).orElse(false), "gone to be RECONNECTING");
        assertTrue(status("gone").orElseThrow().reason().contains("connection refused"), status("gone").toString());
        await(() -> !eventsOf("good").isEmpty(), "events from the good camera");
        assertEquals(CameraState.ERROR, status("ftp").orElseThrow().state());
        assertTrue(status("ftp").orElseThrow().reason().contains("unsupported source scheme 'ftp'"));
        assertEquals(CameraState.RECONNECTING, status("gone").orElseThrow().state());
        for (String id : List.of("gone", "ftp", "good")) {
            host.remove(id);
        }
        await(() -> pipelineThreads("gone").isEmpty() && pipelineThreads("good").isEmpty(), "threads to end");
    }

    @Test
    void anOutOfRangeValueIsAnErrorNamingTheField() throws Exception {
        host.configure(camera("badfps", "rtsp://127.0.0.1:1/x", "fps", 100));
        await(() -> status("badfps").isPresent(), "the camera to appear");
        CameraStatus s = status("badfps").orElseThrow();
        assertEquals(CameraState.ERROR, s.state());
        assertEquals("invalid camera configuration: fps must be between 0.1 and 30, was 100", s.reason());
        assertTrue(pipelineThreads("badfps").isEmpty());
        host.remove("badfps");
    }

    @Test
    void anHttpMjpegCameraGivesEvents() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RtspServer.available(), "ffmpeg is not installed; skipping the MJPEG test");
        Path clip = Scenes.clip(host, dir.resolve("mjpeg.mp4"), Scenes.repeat(UNMASKED, 4));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/stream.mjpg";
        // ffmpeg's HTTP server serves one client, so the camera is configured once it listens.
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip.toString(),
                "-c:v", "mjpeg", "-q:v", "5", "-f", "mpjpeg", "-listen", "1", url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(1000);
            host.configure(camera("mjpeg", url));
            await(() -> !eventsOf("mjpeg").isEmpty(), "an event from the MJPEG camera");
            assertEquals(CameraState.RUNNING, status("mjpeg").orElseThrow().state());
            host.remove("mjpeg");
            await(() -> pipelineThreads("mjpeg").isEmpty(), "the MJPEG camera's threads to end");
        } finally {
            ffmpeg.destroyForcibly().waitFor();
        }
    }

    @Test
    void anRtspCameraServedByFfmpegGivesEvents() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RtspServer.available(),
                "ffmpeg or rtsp-server-perl is not installed (apt-get install ffmpeg rtsp-server-perl); skipping the RTSP test");
        Path clip = Scenes.clip(host, dir.resolve("rtsp.mp4"), Scenes.concat(Scenes.repeat(MASKED, 3), Scenes.repeat(UNMASKED, 3)));
        try (RtspServer server = RtspServer.serve(clip)) {
            host.configure(camera("rtsp", server.url()));
            await(() -> status("rtsp").map(s -> s.state() == CameraState.RUNNING).orElse(false), "the RTSP camera to run");
            await(() -> !eventsOf("rtsp").isEmpty(), "an event from the RTSP camera");
            assertEquals(null, eventsOf("rtsp").getFirst().recording(), "live events have no recording");
            host.remove("rtsp");
            await(() -> pipelineThreads("rtsp").isEmpty(), "the RTSP camera's threads to end");
        }
    }
}
