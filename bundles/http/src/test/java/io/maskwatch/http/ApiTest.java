package io.maskwatch.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.NormalizedBox;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import io.maskwatch.eventjson.EventJson;
import io.maskwatch.events.SqliteEventStore;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real HTTP requests against the servlet in a real Jetty, backed by a real event store. */
class ApiTest {

    static final String TOKEN = "test-token-123";
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path dir;
    SqliteEventStore store;
    Metrics metrics;
    FakeMonitor monitor;
    Jetty jetty;
    final HttpClient http = HttpClient.newHttpClient();

    static MaskEvent event(String id, String camera, Instant start, double score) {
        return new MaskEvent(EventType.END, id, camera, MaskLabel.NO_MASK, 4, start, start.plusSeconds(3), 42.5,
                new PixelBox(100, 50, 200, 170), score, score, score, null, "/rec/door3.mp4");
    }

    @BeforeEach
    void start() throws Exception {
        store = new SqliteEventStore(dir);
        store.write(event("e1", "door3", T0, 0.9), null, FakeMonitor.jpeg(400, 300, Color.BLUE));
        store.write(event("e2", "door3", T0.plusSeconds(60), 0.6), null, null);
        store.write(event("e3", "gate", T0.plusSeconds(120), 0.95), FakeMonitor.jpeg(50, 60, Color.RED), null);
        metrics = new Metrics();
        monitor = new FakeMonitor();
        jetty = new Jetty(new ApiServlet(store, () -> Optional.of(monitor), new Auth(TOKEN), metrics, 2, 50));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        store.close();
    }

    HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(jetty.base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return get(path, TOKEN);
    }

    /** For paths Jetty itself rejects: it closes the connection after, so a pooled one must not be reused. */
    int statusOnFreshConnection(String path) throws Exception {
        try (HttpClient fresh = HttpClient.newHttpClient()) {
            return fresh.send(HttpRequest.newBuilder(URI.create(jetty.base + path)).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return EventJson.mapper().readTree(r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/events", "/api/cameras", "/metrics", "/api/events/e1", "/api/cameras/door3/latest.jpg"})
    void everyApiPathNeedsTheToken(String path) throws Exception {
        assertEquals(401, get(path, null).statusCode());
        HttpResponse<byte[]> wrong = get(path, "wrong");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(200, get(path).statusCode());
    }

    @Test
    void searchesEventsWithFrigateLikeParameters() throws Exception {
        HttpResponse<byte[]> r = get("/api/events?camera=door3&min_score=0.5&limit=10");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
        JsonNode events = json(r);
        assertEquals(2, events.size());
        assertEquals("e2", events.get(0).get("id").asText(), "newest first");
        assertEquals("2", r.headers().firstValue("X-Total-Count").orElseThrow());
        assertEquals(42.5, events.get(0).get("media_offset_s").asDouble());

        JsonNode windowed = json(get("/api/events?after=" + (T0.getEpochSecond() + 30) + "&before=2026-03-01T09:02:30Z"
                + "&has_snapshot=1&sort=asc"));
        assertEquals(1, windowed.size());
        assertEquals("e3", windowed.get(0).get("id").asText());

        JsonNode paged = json(get("/api/events?camera=door3,gate&limit=1&offset=2"));
        assertEquals("e1", paged.get(0).get("id").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=x", "offset=-1", "min_score=2", "after=tuesday", "before=1e999",
        "label=hat", "has_snapshot=maybe", "sort=up", "track_id=-4"})
    void malformedParametersAre400NamingTheParameter(String query) throws Exception {
        HttpResponse<byte[]> r = get("/api/events?" + query);
        assertEquals(400, r.statusCode(), query);
        String name = query.substring(0, query.indexOf('='));
        assertTrue(json(r).get("error").asText().contains("'" + name + "'"), new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void getsOneEventAndAnswers404ForUnknownIds() throws Exception {
        JsonNode e = json(get("/api/events/e1"));
        assertEquals("door3", e.get("camera").asText());
        assertEquals("2026-03-01T09:00:00.000Z", e.get("start_time").asText());
        assertEquals("e3", json(get("/api/events/e3")).get("id").asText());
        // Jetty refuses an encoded '/' in a path before the servlet sees it
        assertEquals(400, statusOnFreshConnection("/api/events/" + URLEncoder.encode("a/b", StandardCharsets.UTF_8)));
        assertEquals(404, get("/api/events/nope").statusCode());
        assertEquals(404, get("/api/events/nope/snapshot.jpg").statusCode());
        assertEquals(404, get("/api/events/e2/snapshot.jpg").statusCode(), "an event without a snapshot");
        int traversal = statusOnFreshConnection("/api/events/..%2F..%2Fetc%2Fpasswd/snapshot.jpg");
        assertTrue(traversal == 404 || traversal == 400, "status " + traversal);
        assertEquals(404, get("/api/nothing").statusCode());
    }

    @Test
    void snapshotsComeWholeWithABoxOrCropped() throws Exception {
        BufferedImage whole = image(get("/api/events/e1/snapshot.jpg"));
        assertEquals(400, whole.getWidth());
        BufferedImage boxed = image(get("/api/events/e1/snapshot.jpg?bbox=1"));
        assertEquals(400, boxed.getWidth());
        Color edge = new Color(boxed.getRGB(100, 110));
        assertTrue(edge.getRed() > 150 && edge.getRed() > edge.getBlue(), "the box is drawn in red on the blue frame: " + edge);
        assertTrue(new Color(whole.getRGB(100, 110)).getRed() < 50, "and only with bbox=1");
        BufferedImage crop = image(get("/api/events/e1/snapshot.jpg?crop=1"));
        assertEquals(150, crop.getWidth(), "box width 100 plus a quarter on each side");
        assertEquals(180, crop.getHeight());
        BufferedImage face = image(get("/api/events/e3/snapshot.jpg?crop=1"));
        assertEquals(50, face.getWidth(), "a stored face crop is served as it is");
        assertEquals(400, get("/api/events/e1/snapshot.jpg?crop=yes").statusCode());
    }

    @Test
    void servesTheRecordingWithByteRangesForSeeking() throws Exception {
        Path video = dir.resolve("clip.mp4");
        byte[] content = new byte[100_000];
        new java.util.Random(1).nextBytes(content);
        Files.write(video, content);
        store.write(new MaskEvent(EventType.END, "r1", "door3", MaskLabel.NO_MASK, 1, T0, T0.plusSeconds(2), 12.0,
                new PixelBox(1, 1, 5, 5), 0.9, 0.9, 0.9, null, video.toString()), null, null);

        HttpResponse<byte[]> whole = get("/api/events/r1/recording");
        assertEquals(200, whole.statusCode());
        assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(content, whole.body());

        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/api/events/r1/recording"))
                .header("Authorization", "Bearer " + TOKEN).header("Range", "bytes=1000-1999").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 1000-1999/100000", part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, 2000), part.body());

        HttpResponse<byte[]> beyond = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/api/events/r1/recording"))
                .header("Authorization", "Bearer " + TOKEN).header("Range", "bytes=200000-").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(416, beyond.statusCode());

        store.write(new MaskEvent(EventType.END, "live", "door3", MaskLabel.NO_MASK, 1, T0, null, null,
                new PixelBox(1, 1, 5, 5), 0.9, 0.9, 0.9, null, null), null, null);
        assertEquals(404, get("/api/events/live/recording").statusCode());
        assertEquals(404, get("/api/events/e1/recording").statusCode(), "a recording that is not on disk");
        assertEquals(401, get("/api/events/r1/recording", null).statusCode());
    }

    @Test
    void listsCamerasWithStatus() throws Exception {
        JsonNode cams = json(get("/api/cameras"));
        assertEquals(2, cams.size());
        assertEquals("RUNNING", cams.get(0).get("state").asText());
        assertEquals(800, cams.get(0).get("frames_dropped").asLong());
        assertEquals("connection refused", cams.get(1).get("last_error").asText());
    }

    @Test
    void servesTheLatestAnnotatedFrameAnd404sForUnknownCamerasOrNoFrameYet() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras/door3/latest.jpg");
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(monitor.frame.jpeg(), r.body());
        assertEquals(404, get("/api/cameras/nope/latest.jpg").statusCode());
        assertEquals(404, get("/api/cameras/gate/latest.jpg").statusCode());
    }

    @Test
    void streamsMjpegPartsAsFramesChange() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/api/cameras/door3/stream.mjpeg"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("multipart/x-mixed-replace"));
        try (InputStream in = r.body()) {
            byte[] first = readPart(in);
            assertArrayEquals(monitor.frame.jpeg(), first);
            monitor.frame = FakeMonitor.frame(Color.MAGENTA);
            byte[] second = readPart(in);
            assertArrayEquals(monitor.frame.jpeg(), second);
            assertNotEquals(first.length, 0);
        }
    }

    /** Reads one multipart part's JPEG body by its Content-Length header. */
    static byte[] readPart(InputStream in) throws Exception {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n") || !headers.toString().contains("Content-Length")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("stream ended");
            }
            headers.append((char) c);
        }
        String h = headers.toString();
        int at = h.indexOf("Content-Length: ") + "Content-Length: ".length();
        int len = Integer.parseInt(h.substring(at, h.indexOf("\r\n", at)).trim());
        return in.readNBytes(len);
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        metrics.frameAnalyzed(new FrameAnalysis("door3", 1, T0, 0.0, 640, 480, 7.0, List.of(
                new Overlay(1, MaskLabel.MASK, 0.9, new PixelBox(0, 0, 10, 10), new NormalizedBox(0, 0, 0.1, 0.1)))));
        metrics.frameAnalyzed(new FrameAnalysis("door3", 2, T0, 0.2, 640, 480, 300.0, List.of()));
        metrics.maskEvent(event("x", "door3", T0, 0.9));
        metrics.maskEvent(new MaskEvent(EventType.START, "y", "door3", MaskLabel.NO_MASK, 1, T0, null, null,
                new PixelBox(0, 0, 1, 1), 0.9, 0.9, 0.9, null, null));
        HttpResponse<byte[]> r = get("/metrics");
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        List<String> lines = new String(r.body(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.contains("maskwatch_camera_fps_in{camera=\"door3\"} 25"), String.join("\n", lines));
        assertTrue(lines.contains("maskwatch_camera_frames_dropped_total{camera=\"door3\"} 800"));
        assertTrue(lines.contains("maskwatch_camera_up{camera=\"gate\",state=\"RECONNECTING\"} 0"));
        assertTrue(lines.contains("maskwatch_camera_fps_in{camera=\"gate\"} 0"));
        assertTrue(lines.contains("maskwatch_inference_milliseconds_bucket{camera=\"door3\",le=\"10\"} 1"));
        assertTrue(lines.contains("maskwatch_inference_milliseconds_bucket{camera=\"door3\",le=\"250\"} 1"));
        assertTrue(lines.contains("maskwatch_inference_milliseconds_bucket{camera=\"door3\",le=\"500\"} 2"));
        assertTrue(lines.contains("maskwatch_inference_milliseconds_bucket{camera=\"door3\",le=\"+Inf\"} 2"));
        assertTrue(lines.contains("maskwatch_inference_milliseconds_sum{camera=\"door3\"} 307.000"));
        assertTrue(lines.contains("maskwatch_inference_milliseconds_count{camera=\"door3\"} 2"));
        assertTrue(lines.contains("maskwatch_events_started_total{camera=\"door3\",label=\"no_mask\"} 1"), "END messages do not count");
        assertTrue(lines.contains("maskwatch_events_stored{camera=\"door3\"} 2"));
        for (String line : lines) {
            assertTrue(line.startsWith("#") || line.matches("[a-z_]+(\\{[^}]*})? -?[0-9.]+(e[0-9]+)?"), line);
        }
    }

    @Test
    void complianceCountsDistinctFacesPerMinute() throws Exception {
        PixelBox b = new PixelBox(0, 0, 10, 10);
        NormalizedBox n = new NormalizedBox(0, 0, 0.1, 0.1);
        for (int i = 0; i < 5; i++) {
            metrics.frameAnalyzed(new FrameAnalysis("door3", i, T0.plusSeconds(i), null, 640, 480, 5, List.of(
                    new Overlay(1, MaskLabel.MASK, 0.9, b, n), new Overlay(2, MaskLabel.NO_MASK, 0.8, b, n))));
        }
        metrics.frameAnalyzed(new FrameAnalysis("door3", 9, T0.plusSeconds(61), null, 640, 480, 5, List.of(
                new Overlay(1, MaskLabel.NO_MASK, 0.9, b, n))));
        JsonNode minutes = json(get("/api/cameras/door3/compliance"));
        assertEquals(2, minutes.size());
        assertEquals(2, minutes.get(0).get("faces").asInt());
        assertEquals(1, minutes.get(0).get("masked").asInt());
        assertEquals(1, minutes.get(0).get("unmasked").asInt());
        assertEquals(1, minutes.get(1).get("unmasked").asInt());
    }

    @Test
    void theConsoleIsServedWithoutTheTokenAndTradesItForACookie() throws Exception {
        HttpResponse<byte[]> page = get("/console/", null);
        assertEquals(200, page.statusCode());
        assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("<title>Maskwatch</title>"));
        assertEquals(302, get("/", null).statusCode());
        assertEquals(404, get("/console/secret.txt", null).statusCode());
        int traversal = statusOnFreshConnection("/console/%2e%2e/%2e%2e/pom.xml");
        assertTrue(traversal == 404 || traversal == 400, "status " + traversal);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/api/session"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bad.statusCode());
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/api/session"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, ok.statusCode());
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        HttpResponse<byte[]> withCookie = http.send(HttpRequest.newBuilder(URI.create(jetty.base + "/api/events"))
                .header("Cookie", cookie.split(";")[0]).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, withCookie.statusCode());
    }

    @Test
    void aGeneratedTokenIsStoredAndAnnouncedOnlyOnce() throws Exception {
        List<String> said = new java.util.ArrayList<>();
        Auth first = Auth.fromConfig("", dir, said::add);
        Auth again = Auth.fromConfig(null, dir, said::add);
        assertEquals(1, said.size());
        assertTrue(said.getFirst().contains(first.token()));
        assertEquals(first.token(), again.token());
        assertTrue(first.token().length() >= 40);
        assertEquals(first.token(), Files.readString(dir.resolve(Auth.TOKEN_FILE)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(Auth.TOKEN_FILE))));
        assertEquals("configured", Auth.fromConfig("configured", dir, said::add).token());
    }

    @Test
    void everyPathOfTheOpenApiFileIsServed() throws Exception {
        Path spec = Path.of(System.getProperty("maskwatch.home", "../..")).resolve("docs/openapi.yaml");
        List<String> paths = Files.readAllLines(spec).stream().filter(l -> l.matches("  /\\S*:"))
                .map(l -> l.strip().replace(":", "")).toList();
        assertTrue(paths.size() >= 9, "paths found: " + paths);
        Path video = Files.write(dir.resolve("door3.mp4"), new byte[1000]);
        MaskEvent e1 = store.get("e1").orElseThrow();
        store.write(new MaskEvent(e1.type(), e1.id(), e1.camera(), e1.label(), e1.trackId(), e1.startTime(), e1.endTime(),
                e1.mediaOffsetSeconds(), e1.box(), e1.score(), e1.peakScore(), e1.meanScore(), null, video.toString()), null, null);
        for (String path : paths) {
            String concrete = path.replace("{camera}", "door3").replace("{id}", "e1");
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(jetty.base + concrete)).header("Authorization", "Bearer " + TOKEN);
            if (path.equals("/api/session")) {
                b.POST(HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            assertTrue(r.statusCode() == 200 || r.statusCode() == 204, path + " answered " + r.statusCode());
        }
    }

    static BufferedImage image(HttpResponse<byte[]> r) throws Exception {
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElseThrow());
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }
}
