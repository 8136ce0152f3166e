package io.maskwatch.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * {@code bin/maskwatch run --config FILE} with an {@code "http"} section, in process: the http bundle and Felix HTTP
 * Jetty 12 resolve in the host's Felix with the analytics bundle, and the REST API and console answer over real HTTP
 * on the configured loopback port.
 */
class HttpRunTest {

    static final String TOKEN = "it-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void aRunWithAnHttpSectionServesTheApiAndTheConsole() throws Exception {
        int port = freePort();
        Path door = dir.resolve("door.mp4");
        Path cfg = dir.resolve("run.json");
        Files.writeString(cfg, """
                {"cameras": [{"id": "door", "name": "Front door", "source": "%s", "debounceFrames": 2}],
                 "http": {"port": %d, "token": "%s"}}
                """.formatted(door, port, TOKEN));
        RunCommand.Options o = RunCommand.parse(new String[] {"--config", cfg.toString()});
        assertEquals(new Host.Http("127.0.0.1", port), o.http());
        assertEquals(Map.of(".token", TOKEN, "bind_address", "127.0.0.1"), o.configurations().get("io.maskwatch.http"),
                "the file's token is the private property .token");
        o = new RunCommand.Options(o.cameras(), o.configurations(), o.http(), null, null, Duration.ofSeconds(90), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunCommand run = new RunCommand(o, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setProperty("maskwatch.data", dir.resolve("data").toString());
        CompletableFuture<Integer> code;
        try {
            code = CompletableFuture.supplyAsync(() -> run.execute(Path.of(System.getProperty("maskwatch.home", "..")), host -> {
                for (String name : List.of("io.maskwatch.http", "org.apache.felix.http.jetty12", "org.apache.felix.http.servlet-api")) {
                    bundle(host, name);
                }
                for (Bundle b : host.bundles()) {
                    assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " resolved and started");
                }
                assertSecretNotInTheRegistry(host, "jakarta.servlet.Servlet", "io.maskwatch.http.HttpComponent", "bind_address", TOKEN);
                host.provide(RunCommandTest.DETECTOR);
                try {
                    RunCommandTest.clip(host, door);
                } catch (Exception e) {
                    throw new HostException("clip: " + e, e);
                }
                return List.of();
            }));
            // The configured camera, listed with its state, once Jetty listens and the camera is configured.
            JsonNode listed = awaitCamera(port, TOKEN, "door", Duration.ofSeconds(60));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            HttpRequest.Builder cameras = HttpRequest.newBuilder(URI.create(base + "/api/cameras")).timeout(Duration.ofSeconds(5));
            assertTrue(listed != null, "GET /api/cameras listed camera door; stderr:\n" + err.toString(StandardCharsets.UTF_8));
            assertEquals("Front door", listed.path("name").asText());
            assertTrue(List.of("CONNECTING", "RUNNING", "STOPPED").contains(listed.path("state").asText()), listed.toString());

            assertEquals(401, http.send(cameras.copy().build(), HttpResponse.BodyHandlers.discarding()).statusCode(), "no token");
            assertEquals(401, http.send(cameras.copy().header("Authorization", "Bearer wrong").build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "a wrong token");
            HttpResponse<String> console = http.send(HttpRequest.newBuilder(URI.create(base + "/console/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, console.statusCode());
            assertTrue(console.body().contains("<html"), console.body());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("camera=\"door\""), metrics.body());
        } finally {
            run.stop();
        }
        try {
            assertEquals(0, code.get(60, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("maskwatch.data");
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.err.print(stderr);
        assertTrue(stderr.contains("console on http://127.0.0.1:" + port + "/console/"), stderr);
        assertFalse(stderr.contains("SEVERE"), stderr);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(TOKEN), "stdout holds event lines only");
        assertFalse(Files.exists(dir.resolve("data/http-token")), "with a configured token none is generated");
        try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            throw new AssertionError("still listening on " + port + " after the run");
        } catch (IOException expected) {
            // closed with the host
        }
    }

    /**
     * The analytics bundle's Hub provides the camera monitor and binds every listener, and the http component is a
     * listener that needs the monitor: when the Hub activates first (here: the analytics bundle restarted while Jetty is
     * away, so nothing uses the servlet), binding the monitor was a circular reference ("Could not get service from ref
     * [io.maskwatch.analytics.Hub, io.maskwatch.api.CameraMonitor]", bound late). The component looks it up instead.
     */
    @Test
    void theApiFindsTheCameraMonitorWhenTheHubActivatesFirst() throws Exception {
        int port = freePort();
        // SCR without a LogService prints errors to stderr and warnings to stdout.
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("maskwatch.data", dir.resolve("data").toString());
        System.setErr(tee(captured, stderr));
        System.setOut(tee(captured, stdout));
        // No token configured: one is generated in data_dir, which the component reads under that name.
        Path tokens = dir.resolve("tokens");
        try (Host host = Host.start(Path.of(System.getProperty("maskwatch.home", "..")), new Host.Http("127.0.0.1", port),
                Map.of("io.maskwatch.http", Map.of("data_dir", tokens.toString())))) {
            Bundle jetty = bundle(host, "org.apache.felix.http.jetty12");
            Bundle analytics = bundle(host, "io.maskwatch.analytics");
            jetty.stop();
            analytics.stop();
            analytics.start();
            assertEquals(List.of(), host.monitor().statuses(), "the Hub activated, binding the listeners");
            jetty.start();
            host.configure(Map.of("id", "yard", "source", "rtsp://127.0.0.1:1/none"));
            JsonNode listed = awaitCamera(port, Files.readString(tokens.resolve("http-token")), "yard", Duration.ofSeconds(30));
            assertTrue(listed != null, "GET /api/cameras lists the camera");
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            System.clearProperty("maskwatch.data");
        }
        String log;
        synchronized (captured) {
            log = captured.toString(StandardCharsets.UTF_8);
        }
        assertFalse(log.contains("Could not get service") || log.contains("Circular reference"), log);
        assertTrue(log.contains("Maskwatch API token (shown once, kept in " + tokens.resolve("http-token")), log);
    }

    private static PrintStream tee(ByteArrayOutputStream copy, PrintStream to) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.write(b);
                }
                to.write(b);
            }
        }, true, StandardCharsets.UTF_8);
    }

    /**
     * The component's registered service carries its public configuration properties (DS copies them), but not the
     * secret, under any name.
     */
    static void assertSecretNotInTheRegistry(Host host, String service, String component, String publicProperty, String secret) {
        org.osgi.framework.ServiceReference<?>[] refs;
        try {
            refs = host.context().getAllServiceReferences(service, "(component.name=" + component + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        assertTrue(refs != null && refs.length == 1, component + " registered " + service);
        Map<String, Object> props = new java.util.HashMap<>();
        for (String key : refs[0].getPropertyKeys()) {
            props.put(key, refs[0].getProperty(key));
        }
        assertTrue(props.containsKey(publicProperty), "configuration properties are service properties: " + props.keySet());
        for (var e : props.entrySet()) {
            String value = e.getValue() instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(e.getValue());
            assertFalse(value.contains(secret), "service property " + e.getKey() + " holds the secret");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Bundle bundle(Host host, String name) {
        return host.bundles().stream().filter(b -> name.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not installed"));
    }

    /** The camera's entry in GET /api/cameras, polled until it is there or time is up (null then). */
    static JsonNode awaitCamera(int port, String token, String camera, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cameras")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    for (JsonNode c : new ObjectMapper().readTree(r.body())) {
                        if (camera.equals(c.path("camera").asText())) {
                            return c;
                        }
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return null;
    }

    @Test
    void httpIsOffUnlessAskedForAndTheFlagSetsAddressAndPort() {
        RunCommand.Options none = RunCommand.parse(new String[] {"--camera", "door=rtsp://127.0.0.1:8554/door"});
        assertEquals(null, none.http());
        assertFalse(none.configurations().containsKey("io.maskwatch.http"));
        RunCommand.Options flag = RunCommand.parse(new String[] {"--camera", "door=rtsp://127.0.0.1:8554/door", "--http", "9090"});
        assertEquals(new Host.Http("127.0.0.1", 9090), flag.http());
        assertEquals(Map.of("bind_address", "127.0.0.1"), flag.configurations().get("io.maskwatch.http"));
        RunCommand.Options all = RunCommand.parse(new String[] {"--camera", "door=rtsp://127.0.0.1:8554/door", "--http", "0.0.0.0:8081"});
        assertEquals(new Host.Http("0.0.0.0", 8081), all.http());
        assertEquals("0.0.0.0", all.configurations().get("io.maskwatch.http").get("bind_address"));
        io.maskwatch.cli.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(io.maskwatch.cli.UsageException.class,
                () -> RunCommand.parse(new String[] {"--camera", "door=rtsp://127.0.0.1:8554/door", "--http", "localhost:http"}));
        assertEquals("--http [ADDR:]PORT: the port must be 1-65535, got 'http'", e.getMessage());
    }
}
