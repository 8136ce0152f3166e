package io.maskwatch.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.api.AnnotatedFrame;
import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraState;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.eventjson.EventJson;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component as SCR would activate it, against a real Mosquitto broker, observed by a real MQTT subscriber. */
class MqttComponentTest {

    static final Duration DELIVERY = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    static MqttComponent.Config config(Map<String, Object> values) {
        return (MqttComponent.Config) Proxy.newProxyInstance(MqttComponent.Config.class.getClassLoader(),
                new Class<?>[] {MqttComponent.Config.class}, (proxy, method, args) -> {
                    // the property name of the method, as DS maps it: __ is _, _ is .
                    Object v = values.get(method.getName().replace("__", "\0").replace('_', '.').replace('\0', '_'));
                    return v != null ? v : method.getDefaultValue();
                });
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private MqttComponent activate(Map<String, Object> values) {
        MqttComponent c = new MqttComponent();
        c.activate(null, config(values));
        closing.add(c::deactivate);
        return c;
    }

    static MaskEvent event(EventType type, String id, String camera, Instant end) {
        return new MaskEvent(type, id, camera, MaskLabel.NO_MASK, 3, T0, end, 12.4, new PixelBox(412, 188.5, 471, 259), 0.8123,
                0.9, 0.85, "/data/snapshots/" + id + ".jpg", null);
    }

    @Test
    void eventMessagesArriveOnTheCameraTopicAsTheEventJsonAndOpenEventsAreCounted() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous(dir));
        Subscriber sub = closeLater(new Subscriber(broker.url(), "site/#"));
        MqttComponent c = activate(Map.of("broker", broker.url(), "topicPrefix", "site/mw", "cameras", new String[] {"door"},
                "publishFrames", true));
        sub.await("site/mw/availability", "online", DELIVERY);

        MaskEvent start = event(EventType.START, "door-1-3", "door", null);
        MaskEvent other = event(EventType.START, "lobby-1-1", "lobby", null);
        MaskEvent end = event(EventType.END, "door-1-3", "door", T0.plusSeconds(4));
        c.maskEvent(start);
        c.maskEvent(other);
        c.frameAnalyzed(new FrameAnalysis("door", 7, T0, 1.5, 1280, 720, 97.4, List.of()));
        // The count is state: only its latest value is kept for the broker, so look at it before the END.
        sub.await("site/mw/door/no_mask", "1", DELIVERY);
        c.maskEvent(end);

        List<Subscriber.Received> events = sub.awaitCount("site/mw/door/events", 2, DELIVERY);
        assertEquals(List.of(EventJson.toJson(start), EventJson.toJson(end)), events.stream().map(Subscriber.Received::payload).toList());
        assertEquals(start, EventJson.parse(events.get(0).payload()));
        assertEquals(end, EventJson.parse(events.get(1).payload()));
        assertEquals(1, events.get(0).qos(), "events go at the configured QoS (default 1)");
        assertFalse(events.get(0).retained());
        sub.await("site/mw/door/no_mask", "0", DELIVERY);
        Subscriber.Received frame = sub.await("site/mw/door/frames", r -> true, DELIVERY);
        JsonNode f = EventJson.mapper().readTree(frame.payload());
        assertEquals("door", f.get("camera").asText());
        assertEquals(7, f.get("frame").asLong());
        assertEquals(0, frame.qos());

        // A late subscriber gets the retained state: online, and no open event.
        Subscriber late = closeLater(new Subscriber(broker.url(), "site/#"));
        assertTrue(late.await("site/mw/availability", "online", DELIVERY).retained());
        assertTrue(late.await("site/mw/door/no_mask", "0", DELIVERY).retained());
        // The camera filter: nothing of lobby, ever.
        assertTrue(sub.all().stream().noneMatch(r -> r.topic().contains("lobby")), sub.all().toString());
    }

    @Test
    void availabilityIsOnlineThenOfflineOnDeactivateAndTheLastWillWhenTheConnectionDies() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous(dir));
        CutProxy proxy = closeLater(new CutProxy(broker.port));
        Subscriber sub = closeLater(new Subscriber(broker.url(), "maskwatch/availability"));
        MqttComponent c = new MqttComponent();
        c.activate(null, config(Map.of("broker", proxy.url())));
        try {
            sub.await("maskwatch/availability", "online", DELIVERY);
            proxy.cut(); // no DISCONNECT: the broker publishes the Last Will
            // ... and the publisher reconnects by itself and says so.
            List<String> seen = sub.awaitCount("maskwatch/availability", 3, DELIVERY).stream().map(Subscriber.Received::payload).toList();
            assertEquals(List.of("online", "offline", "online"), seen.subList(0, 3));
        } finally {
            c.deactivate();
        }
        // The broker forwards the offline message after deactivate returns: wait for it.
        List<Subscriber.Received> all = sub.awaitCount("maskwatch/availability", 4, DELIVERY);
        assertEquals("offline", all.getLast().payload(), "a clean deactivate publishes offline: " + all);
        Subscriber late = closeLater(new Subscriber(broker.url(), "maskwatch/availability"));
        assertTrue(late.await("maskwatch/availability", "offline", DELIVERY).retained());
    }

    @Test
    void aStoppedBrokerNeverBlocksTheAnalyticsDropsTheOldestBeyondTheQueueAndPublishingResumes() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous(dir));
        MqttComponent c = activate(Map.of("broker", broker.url(), "queueCapacity", 10));
        try (Subscriber sub = new Subscriber(broker.url(), "maskwatch/availability")) {
            sub.await("maskwatch/availability", "online", DELIVERY);
        }
        broker.stop();
        int n = 1000;
        // Each call only queues: all of them return although no broker is there (the bound is for a hang, not speed).
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < n; i++) {
                c.maskEvent(event(EventType.START, "door-" + i, "door", null));
            }
        });
        assertEquals(n - 10, c.outbox().droppedEvents(), "beyond the capacity of 10, the oldest events are dropped and counted");
        assertEquals(10, c.outbox().size());

        broker.start();
        Subscriber sub = closeLater(new Subscriber(broker.url(), "maskwatch/#"));
        List<Subscriber.Received> events = sub.awaitCount("maskwatch/door/events", 10, DELIVERY);
        List<String> ids = new ArrayList<>();
        for (Subscriber.Received r : events) {
            ids.add(EventJson.parse(r.payload()).id());
        }
        List<String> newest = new ArrayList<>();
        for (int i = n - 10; i < n; i++) {
            newest.add("door-" + i);
        }
        assertEquals(newest, ids);
        sub.await("maskwatch/availability", "online", DELIVERY);
        sub.await("maskwatch/door/no_mask", Integer.toString(n), DELIVERY);
        sub.await("maskwatch/stats", r -> r.payload().contains("\"dropped_events\":" + (n - 10)), DELIVERY);
        // Retained: a late subscriber gets the statistics at once (the flag is only set on such deliveries).
        Subscriber late = closeLater(new Subscriber(broker.url(), "maskwatch/stats"));
        assertTrue(late.await("maskwatch/stats", r -> r.payload().contains("\"dropped_events\":" + (n - 10)), DELIVERY).retained());
    }

    /**
     * A broker address that accepts the connection and never answers (a TLS port named with tcp://, a hung broker):
     * each attempt times out, and the next one is a fresh connection, not Paho's "Connect already in progress".
     */
    @Test
    void aBrokerThatNeverAnswersIsRetriedWithFreshConnections() throws Exception {
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.net.ServerSocket silent = closeLater(new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
        Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                    accepted.incrementAndGet();
                }
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        });
        closing.add(() -> held.forEach(sock -> {
            try {
                sock.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        List<LogRecord> records = logged(() -> {
            activate(Map.of("broker", "tcp://127.0.0.1:" + silent.getLocalPort()));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (accepted.get() < 3 && System.nanoTime() < end) {
                Thread.sleep(200);
            }
        });
        assertTrue(accepted.get() >= 3, "connections made in 60 s: " + accepted.get());
        assertTrue(records.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains("already in progress")),
                records.stream().map(LogRecord::getMessage).toList().toString());
        assertTrue(acceptor.isAlive());
    }

    @Test
    void cameraStatesArePublishedRetainedOnConnectAndOnChange() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous(dir));
        Subscriber sub = closeLater(new Subscriber(broker.url(), "maskwatch/+/status"));
        AtomicReference<CameraState> door = new AtomicReference<>(CameraState.RUNNING);
        MqttComponent c = new MqttComponent();
        c.monitor(new CameraMonitor() {
            @Override
            public List<CameraStatus> statuses() {
                return List.of(cameraStatus("door", door.get()), cameraStatus("lobby", CameraState.ERROR));
            }

            @Override
            public Optional<CameraStatus> status(String camera) {
                return statuses().stream().filter(s -> s.camera().equals(camera)).findFirst();
            }

            @Override
            public Optional<AnnotatedFrame> latestFrame(String camera) {
                return Optional.empty();
            }
        });
        c.activate(null, config(Map.of("broker", broker.url())));
        closing.add(c::deactivate);
        sub.await("maskwatch/door/status", "running", DELIVERY);
        sub.await("maskwatch/lobby/status", "error", DELIVERY);
        door.set(CameraState.RECONNECTING);
        sub.await("maskwatch/door/status", "reconnecting", DELIVERY);
        assertEquals(1, sub.on("maskwatch/lobby/status").size(), "published on change only: " + sub.on("maskwatch/lobby/status"));
        Subscriber late = closeLater(new Subscriber(broker.url(), "maskwatch/door/status"));
        assertTrue(late.await("maskwatch/door/status", "reconnecting", DELIVERY).retained());
    }

    static CameraStatus cameraStatus(String camera, CameraState state) {
        return new CameraStatus(camera, camera, state, state == CameraState.RUNNING ? null : "test", 5, 5, 10, 10, 0, 20, null, null, T0);
    }

    @Test
    void badConfigurationIsRefusedWithOneLineAndNothingStarts() {
        Map<String, String> cases = new HashMap<>();
        cases.put("qos", "qos must be 0, 1 or 2, was 3");
        cases.put("broker", "broker must be tcp://HOST:PORT or ssl://HOST:PORT");
        cases.put("topicPrefix", "topicPrefix must be topic levels without wildcards");
        cases.put("password", "password is set but username is empty");
        cases.put("queueCapacity", "queueCapacity must be 10-100000, was 5");
        cases.put("missing broker", "broker is required");
        cases.put("cameras", "cameras must hold camera ids (1-64 letters, digits, '.', '_' or '-'), was 'front door'");
        Map<String, Map<String, Object>> configs = Map.of(
                "qos", Map.of("broker", "tcp://127.0.0.1:1", "qos", 3),
                "broker", Map.of("broker", "http://127.0.0.1:1883"),
                "topicPrefix", Map.of("broker", "tcp://127.0.0.1:1", "topicPrefix", "a/#"),
                "password", Map.of("broker", "tcp://127.0.0.1:1", ".password", "secret"),
                "queueCapacity", Map.of("broker", "ssl://127.0.0.1:1", "queueCapacity", 5),
                "missing broker", Map.of("broker", " "),
                "cameras", Map.of("broker", "tcp://127.0.0.1:1", "cameras", new String[] {"door", "front door"}));
        for (var e : cases.entrySet()) {
            List<LogRecord> records = logged(() -> {
                MqttComponent c = new MqttComponent();
                c.activate(null, config(configs.get(e.getKey())));
                assertFalse(c.running(), e.getKey());
                c.maskEvent(event(EventType.START, "door-1", "door", null)); // idle: returns, publishes nothing
                c.deactivate();
            });
            assertEquals(1, records.size(), e.getKey() + ": " + records.stream().map(LogRecord::getMessage).toList());
            LogRecord r = records.getFirst();
            assertEquals(Level.SEVERE, r.getLevel());
            assertTrue(r.getMessage().startsWith("mqtt: not started, configuration io.maskwatch.mqtt: " + cases.get(e.getKey())),
                    r.getMessage());
            assertFalse(r.getMessage().contains("\n"));
        }
    }

    /** A password under the public name would be in the service registry for every bundle: refused with one line. */
    @Test
    void aPasswordPropertyWithoutTheDotIsRefused() {
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>(Map.of("broker", "tcp://127.0.0.1:1", "username", "nvr",
                "password", "secret"));
        org.osgi.service.component.ComponentContext context = (org.osgi.service.component.ComponentContext) Proxy.newProxyInstance(
                MqttComponentTest.class.getClassLoader(), new Class<?>[] {org.osgi.service.component.ComponentContext.class},
                (proxy, method, args) -> method.getName().equals("getProperties") ? props : null);
        List<LogRecord> records = logged(() -> {
            MqttComponent c = new MqttComponent();
            c.activate(context, config(Map.of("broker", "tcp://127.0.0.1:1", "username", "nvr")));
            assertFalse(c.running());
            c.deactivate();
        });
        assertEquals(List.of("mqtt: not started, configuration io.maskwatch.mqtt: name the password .password, not password (every"
                + " bundle can read a property without the dot in the service registry)"), records.stream().map(LogRecord::getMessage).toList());
    }

    /** The property names bnd wrote into the Metatype description are the ones README gives; the password's is private. */
    @Test
    void configurationPropertiesHaveTheDocumentedNames() throws Exception {
        try (var in = MqttComponentTest.class.getResourceAsStream("/OSGI-INF/metatype/io.maskwatch.mqtt.MqttComponent$Config.xml")) {
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(List.of("broker", "clientId", "username", ".password", "topicPrefix", "qos", "publishFrames", "cameras",
                    "queueCapacity"), java.util.regex.Pattern.compile("<AD id=\"([^\"]+)\"").matcher(xml).results().map(m -> m.group(1)).toList());
        }
    }

    @Test
    void passwordProtectedBrokerTakesTheConfiguredUserAndRefusesAWrongPassword() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.withPassword(dir, "nvr", "s3cret"));
        Subscriber sub = closeLater(new Subscriber(broker.url(), "maskwatch/#", "nvr", "s3cret"));
        List<LogRecord> records = logged(() -> {
            MqttComponent wrong = new MqttComponent();
            wrong.activate(null, config(Map.of("broker", broker.url(), "username", "nvr", ".password", "wrong", "clientId", "bad-login")));
            try {
                long deadline = System.nanoTime() + DELIVERY.toNanos();
                while (System.nanoTime() < deadline && !anyWarning(LOG_RECORDS.get())) {
                    Thread.sleep(50);
                }
                assertFalse(wrong.connected());
            } finally {
                wrong.deactivate();
            }
        });
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("check username and password")),
                records.stream().map(LogRecord::getMessage).toList().toString());
        assertTrue(records.stream().noneMatch(r -> r.getMessage().contains("wrong")), "the password is never logged");

        MqttComponent c = activate(Map.of("broker", broker.url(), "username", "nvr", ".password", "s3cret"));
        sub.await("maskwatch/availability", "online", DELIVERY);
        c.maskEvent(event(EventType.START, "door-9", "door", null));
        sub.await("maskwatch/door/events", r -> r.payload().contains("\"door-9\""), DELIVERY);
    }

    private static final ThreadLocal<List<LogRecord>> LOG_RECORDS = new ThreadLocal<>();

    private static boolean anyWarning(List<LogRecord> records) {
        synchronized (records) {
            return records.stream().anyMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        }
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** The records the bundle's loggers write (from any thread) while the action runs. */
    private static List<LogRecord> logged(Action action) {
        Logger logger = Logger.getLogger("io.maskwatch.mqtt");
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                    synchronized (records) {
                        records.add(r);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(h);
        LOG_RECORDS.set(records);
        try {
            action.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            logger.removeHandler(h);
            LOG_RECORDS.remove();
        }
        synchronized (records) {
            return List.copyOf(records);
        }
    }
}
