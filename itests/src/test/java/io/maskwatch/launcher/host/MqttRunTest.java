package io.maskwatch.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.mqtt.Mosquitto;
import io.maskwatch.mqtt.Subscriber;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * {@code bin/maskwatch run --config FILE} with an {@code "mqtt"} section, in process: the MQTT bundle and Paho
 * resolve in the host's Felix, and every event line the run prints reaches a real Mosquitto broker that takes only
 * the configured user and password, which is not in the service registry.
 */
class MqttRunTest {

    static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aRunWithAnMqttSectionPublishesEachEventLineToTheBroker() throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        try (Mosquitto broker = Mosquitto.withPassword(dir.resolve("broker"), "nvr", "s3cret-pw");
                Subscriber sub = new Subscriber(broker.url(), "it/#", "nvr", "s3cret-pw")) {
            Path door = dir.resolve("door.mp4");
            Path cfg = dir.resolve("run.json");
            Files.writeString(cfg, """
                    {"cameras": [{"id": "door", "source": "%s", "debounceFrames": 2}],
                     "mqtt": {"broker": "%s", "username": "nvr", "password": "s3cret-pw", "topicPrefix": "it", "cameras": ["door"], "qos": 1}}
                    """.formatted(door, broker.url()));
            RunCommand.Options parsed = RunCommand.parse(new String[] {"--config", cfg.toString()});
            Map<String, Object> mqtt = parsed.configurations().get("io.maskwatch.mqtt");
            assertEquals(List.of("door"), List.of((String[]) mqtt.get("cameras")));
            assertEquals("s3cret-pw", mqtt.get(".password"), "the file's password is the private property .password");
            assertFalse(mqtt.containsKey("password"));
            RunCommand.Options o = new RunCommand.Options(parsed.cameras(), parsed.configurations(), null, null, Duration.ofSeconds(60),
                    true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setProperty("maskwatch.data", dir.resolve("data").toString());
            int code;
            try {
                code = new RunCommand(o, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                        .execute(Path.of(System.getProperty("maskwatch.home", "..")), host -> {
                            Bundle mqttBundle = host.bundles().stream().filter(b -> "io.maskwatch.mqtt".equals(b.getSymbolicName()))
                                    .findFirst().orElseThrow(() -> new AssertionError("the MQTT bundle is not installed"));
                            assertEquals(Bundle.ACTIVE, mqttBundle.getState(), "the MQTT bundle resolved and started");
                            HttpRunTest.assertSecretNotInTheRegistry(host, "io.maskwatch.api.MaskAnalyticsListener",
                                    "io.maskwatch.mqtt.MqttComponent", "username", "s3cret-pw");
                            host.provide(RunCommandTest.DETECTOR);
                            try {
                                sub.await("it/availability", "online", DELIVERY);
                                RunCommandTest.clip(host, door);
                            } catch (Exception e) {
                                throw new HostException("setup: " + e, e);
                            }
                            return List.of();
                        });
            } finally {
                System.clearProperty("maskwatch.data");
            }
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, stderr);
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertTrue(lines.size() >= 2, "a start and an end line: " + lines + "\n" + stderr);
            // Every event line the run printed, in order, is an MQTT message on the camera's events topic.
            List<String> published = sub.awaitCount("it/door/events", lines.size(), DELIVERY).stream()
                    .map(Subscriber.Received::payload).toList();
            assertEquals(lines, published);
            sub.await("it/door/no_mask", "0", DELIVERY);
            // The host's close deactivates the component: offline, after the END went out.
            sub.await("it/availability", "offline", DELIVERY);
            assertTrue(!stderr.contains("SEVERE"), stderr);
        }
    }
}
