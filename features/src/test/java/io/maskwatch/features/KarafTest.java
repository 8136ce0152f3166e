package io.maskwatch.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Boots the real Apache Karaf 4.4 distribution from Maven Central on the JVM running the build (Java 25), installs the
 * features file this module builds and checks that every Maskwatch bundle does its job there: a camera configured as
 * {@code etc/io.maskwatch.camera-door.cfg} decodes a video file (video), its frames are analysed on OpenVINO (api,
 * openvino, classifier, detector, analytics), the REST API answers with the configured token and refuses a request
 * without it (http), the event store answers a search (events), the ONVIF device service answers GetSystemDateAndTime
 * (onvif), and the MQTT client connects to the broker of {@code etc/io.maskwatch.mqtt.cfg} (mqtt, with Paho), here a
 * socket of this test that reads the CONNECT packet.
 *
 * <p>Karaf 4.4.10 needs two changes to run on Java 24 or later, both made here as the README tells administrators:
 * JAVA_OPTS set (bin/inc's default holds -Djava.security.manager=allow, which Java 24+ refuses at VM start) and
 * {@code org.apache.felix.eventadmin.AddSubject=false} (its EventAdmin calls Subject.getSubject, which always throws
 * on Java 24+, so every event and the boot features fail). Its shell, SSH and JMX stay broken on Java 25 (they call
 * Subject.getSubject too), so everything is provisioned through etc/ files and checked through Maskwatch's own REST
 * API and the features service's saved state. Remote Maven repositories are switched off: every bundle comes from
 * Karaf's system folder or the build's local repository.
 */
class KarafTest {

    static final Path ROOT = Path.of(System.getProperty("root.pom", "../pom.xml")).toAbsolutePath().getParent().normalize();
    static final Path HOME = Path.of(System.getProperty("maskwatch.home", ROOT.toString())).toAbsolutePath().normalize();
    static final Path FEATURES = Path.of(System.getProperty("features.file", "target/feature/features.xml")).toAbsolutePath();
    static final String TOKEN = "karaf-test-token-0123456789";
    static final List<String> FEATURE_NAMES = List.of("maskwatch-core", "maskwatch-events", "maskwatch", "maskwatch-http", "maskwatch-mqtt", "maskwatch-onvif");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void karafOnJava25InstallsTheFeaturesAndEveryBundleWorks() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(HOME.resolve("models/mask-classifier/model.json")),
                "no trained classifier under " + HOME + "/models/mask-classifier; skipping the Karaf test");
        Assumptions.assumeTrue(Files.isDirectory(HOME.resolve("models/third-party")), "no face model; run bin/maskwatch setup");
        Path dist = Path.of(System.getProperty("karaf.distribution", "karaf.distribution-not-set"));
        assertTrue(Files.isRegularFile(dist), "the Karaf distribution (a test dependency) is missing: " + dist);
        Path m2 = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));

        Path work = Path.of("target/karaf-test").toAbsolutePath();
        deleteTree(work);
        Path karaf = work.resolve("karaf");
        Files.createDirectories(karaf);
        run(work, "tar", "xzf", dist.toString(), "-C", karaf.toString(), "--strip-components=1");
        Path video = work.resolve("door.mp4");
        writeVideo(video);

        int httpPort = freePort();
        Path etc = karaf.resolve("etc");
        // Karaf 4.4.10 on Java 24+: its EventAdmin must not add the subject (Subject.getSubject always throws).
        replace(etc.resolve("org.apache.felix.eventadmin.impl.EventAdmin.cfg"), "org.apache.felix.eventadmin.AddSubject=true",
                "org.apache.felix.eventadmin.AddSubject=false");
        replace(etc.resolve("org.apache.karaf.features.cfg"), "featuresRepositories = \\",
                "featuresRepositories = " + FEATURES.toUri() + ", \\");
        replace(etc.resolve("org.apache.karaf.features.cfg"), "featuresBoot = \\", "featuresBoot = maskwatch, maskwatch-http, maskwatch-mqtt, maskwatch-onvif, \\");
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + freePort());
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = " + freePort());
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = " + freePort());
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), Files.readString(etc.resolve("org.ops4j.pax.url.mvn.cfg"))
                .replaceAll("(?ms)^org\\.ops4j\\.pax\\.url\\.mvn\\.repositories=.*?(?=^\\S|\\z)", "")
                + "\norg.ops4j.pax.url.mvn.localRepository=" + m2 + "\norg.ops4j.pax.url.mvn.repositories=\n");
        Files.writeString(etc.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + httpPort + "\norg.apache.felix.http.host = 127.0.0.1\n");
        Files.writeString(etc.resolve("io.maskwatch.http.cfg"), ".token = " + TOKEN + "\n");
        Files.writeString(etc.resolve("io.maskwatch.onvif.cfg"), "username = vms\n.password = onvif-test-secret\n");
        Files.writeString(etc.resolve("io.maskwatch.camera-door.cfg"), "id = door\nsource = " + video + "\nfps = 5\n");

        try (ServerSocket broker = new ServerSocket(0)) {
            Files.writeString(etc.resolve("io.maskwatch.mqtt.cfg"), "broker = tcp://127.0.0.1:" + broker.getLocalPort() + "\n");
            CompletableFuture<Integer> connect = CompletableFuture.supplyAsync(() -> firstByte(broker));

            ProcessBuilder pb = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server").directory(karaf.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("karaf.out").toFile());
            Map<String, String> env = pb.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("JAVA_OPTS", "-XX:+UnlockDiagnosticVMOptions"); // replaces bin/inc's -Djava.security.manager=allow
            env.put("EXTRA_JAVA_OPTS", "--enable-native-access=ALL-UNNAMED -Dmaskwatch.home=" + HOME + " -Dmaskwatch.data=" + work.resolve("data"));
            env.put("JAVA_MAX_MEM", "1g");
            long start = System.nanoTime();
            Process p = pb.start();
            try {
                JsonNode door = waitForAnalysedFrames(p, httpPort, karaf, Duration.ofSeconds(150));
                System.out.printf("KarafTest: camera door analysed after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, door);
                assertTrue(door.path("frames_decoded").asLong() > 0, door.toString());
                assertTrue(door.path("inference_ms").asDouble() > 0, "no detector time: " + door);

                assertEquals(401, get(httpPort, "/api/cameras", null).statusCode(), "the API answered without the token");
                HttpResponse<String> events = get(httpPort, "/api/events", TOKEN);
                assertEquals(200, events.statusCode(), events.body());
                assertTrue(json.readTree(events.body()).isContainerNode(), events.body());

                HttpResponse<String> onvif = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/onvif/device_service"))
                        .header("Content-Type", "application/soap+xml; charset=utf-8").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                                + "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/></s:Body></s:Envelope>")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, onvif.statusCode(), onvif.body());
                assertTrue(onvif.body().contains("GetSystemDateAndTimeResponse"), onvif.body());

                Integer packet;
                try {
                    packet = connect.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    packet = fail("maskwatch-mqtt made no connection to the broker of etc/io.maskwatch.mqtt.cfg within 60 s");
                }
                assertEquals(0x10, packet, "the MQTT client's first packet is not CONNECT");

                Map<String, String> state = featureStates(karaf);
                for (String f : FEATURE_NAMES) {
                    assertTrue(state.entrySet().stream().anyMatch(e -> e.getKey().startsWith(f + "/") && e.getValue().equals("Started")),
                            "feature " + f + " is not Started: " + state);
                }
                List<String> errors = errorLines(karaf);
                assertTrue(errors.isEmpty(), "errors in karaf.log:\n" + String.join("\n", errors));
            } catch (AssertionError | Exception e) {
                System.out.println("KarafTest: end of karaf.log:\n" + tail(karaf.resolve("data/log/karaf.log"), 60));
                throw e;
            } finally {
                stop(p);
            }
        }
        deleteTree(work);
    }

    /** Polls GET /api/cameras until camera door has analysed a frame; fails early if Karaf exits. */
    private JsonNode waitForAnalysedFrames(Process p, int port, Path karaf, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                fail("Karaf exited with " + p.exitValue() + ":\n" + tail(karaf.getParent().resolve("karaf.out"), 30));
            }
            Path log = karaf.resolve("data/log/karaf.log");
            if (Files.isRegularFile(log) && Files.readString(log).contains("Error installing boot feature")) {
                fail("Karaf could not install the boot features:\n" + String.join("\n", errorLines(karaf)));
            }
            try {
                HttpResponse<String> r = get(port, "/api/cameras", TOKEN);
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200) {
                    for (JsonNode c : json.readTree(r.body())) {
                        if (c.path("camera").asText().equals("door") && c.path("frames_analyzed").asLong() > 0) {
                            return c;
                        }
                    }
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(1000);
        }
        return fail("camera door analysed no frame within " + limit.toSeconds() + " s; last answer of /api/cameras: " + last);
    }

    private HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The features service's saved state (data/cache/bundleN/data/state.json): feature id to Started, Resolved, ... */
    private Map<String, String> featureStates(Path karaf) throws IOException {
        try (Stream<Path> files = Files.walk(karaf.resolve("data/cache"), 3)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("state.json")).toList()) {
                JsonNode root = json.readTree(f.toFile()).path("state").path("root");
                if (root.isObject()) {
                    return json.convertValue(root, json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
                }
            }
        }
        return Map.of();
    }

    /** ERROR lines of karaf.log, apart from Karaf's own shell, which cannot start on Java 24+ (Subject.getSubject). */
    private static List<String> errorLines(Path karaf) throws IOException {
        List<String> errors = new ArrayList<>();
        for (String line : Files.readAllLines(karaf.resolve("data/log/karaf.log"))) {
            if (line.contains("| ERROR |") && !line.contains("org.apache.karaf.shell.core")) {
                errors.add(line);
            }
        }
        return errors;
    }

    /** A 10 s, 320x240, 10 fps MPEG-4 video of a moving gradient, written with the JavaCV the video bundle uses. */
    private static void writeVideo(Path file) throws Exception {
        int w = 320;
        int h = 240;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), w, h)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(10);
            rec.setVideoBitrate(400_000);
            rec.start();
            Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            java.nio.ByteBuffer buf = (java.nio.ByteBuffer) frame.image[0];
            int stride = frame.imageStride;
            for (int i = 0; i < 100; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int o = y * stride + x * 3;
                        buf.put(o, (byte) (x + i * 3));
                        buf.put(o + 1, (byte) (y + i));
                        buf.put(o + 2, (byte) (x + y));
                    }
                }
                rec.record(frame);
            }
        }
        assertTrue(Files.size(file) > 1000, "the test video was not written: " + file);
    }

    private static Integer firstByte(ServerSocket server) {
        try {
            server.setSoTimeout(150_000);
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                s.setSoTimeout(30_000);
                return in.read();
            }
        } catch (IOException e) {
            throw new IllegalStateException("no MQTT connection: " + e, e);
        }
    }

    /**
     * bin/karaf runs java as its child, not by exec: SIGTERM goes to that JVM (its shutdown hook stops the framework), and
     * the script, this test's child, ends when the JVM has ended. Never throws, so it does not hide a failure.
     */
    private static void stop(Process p) {
        List<ProcessHandle> jvms = p.descendants().toList();
        try {
            jvms.forEach(ProcessHandle::destroy);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                System.out.println("KarafTest: Karaf did not stop within 60 s of SIGTERM; killing it");
                jvms.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            jvms.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " no longer holds '" + from + "'");
        Files.writeString(file, text.replace(from, to));
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file + ": " + e + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
