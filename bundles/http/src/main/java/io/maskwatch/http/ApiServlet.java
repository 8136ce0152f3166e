package io.maskwatch.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.AnnotatedFrame;
import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.EventQuery;
import io.maskwatch.api.EventStore;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.eventjson.EventJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole HTTP surface in one servlet: {@code /api/*} and {@code /metrics} behind the token,
 * {@code /console/*} static files without it (they hold no data). Ids arrive percent-encoded in
 * the path and are only ever used as query values, never as file names.
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ApiServlet.class.getName());
    private static final Map<String, String> CONSOLE_TYPES = Map.of("index.html", "text/html; charset=utf-8", "app.js",
            "text/javascript; charset=utf-8", "style.css", "text/css; charset=utf-8");

    private final transient EventStore store;
    private final transient Supplier<Optional<CameraMonitor>> monitor;
    private final transient Auth auth;
    private final transient Metrics metrics;
    private final transient Semaphore streams;
    private final long streamIntervalMillis;
    private volatile boolean stopping;

    ApiServlet(EventStore store, Supplier<Optional<CameraMonitor>> monitor, Auth auth, Metrics metrics, int maxStreams,
            double streamFps) {
        this.store = store;
        this.monitor = monitor;
        this.auth = auth;
        this.metrics = metrics;
        this.streams = new Semaphore(maxStreams);
        this.streamIntervalMillis = Math.max(10, Math.round(1000 / streamFps));
    }

    /** Ends open MJPEG streams, so the component can go away without waiting for clients. */
    void stop() {
        stopping = true;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        try {
            if (path.isEmpty() || path.equals("/") || path.equals("/console")) {
                resp.sendRedirect(req.getContextPath() + "/console/");
                return;
            }
            if (path.startsWith("/console/")) {
                console(path.substring("/console/".length()), resp);
                return;
            }
            if (!auth.allows(req)) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"maskwatch\"");
                throw new BadRequest(401, "a valid bearer token is required");
            }
            route(path, req, resp);
        } catch (BadRequest e) {
            error(resp, e.status, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "GET " + path + " failed", e);
            error(resp, 500, "internal error: " + e.getMessage());
        }
    }

    /** {@code POST /api/session}: exchanges the bearer token for the console's cookie. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (!path.equals("/api/session")) {
            error(resp, 404, "no such resource");
            return;
        }
        if (!auth.allows(req)) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"maskwatch\"");
            error(resp, 401, "a valid bearer token is required");
            return;
        }
        resp.setHeader("Set-Cookie", Auth.COOKIE + "=" + auth.token() + "; Path=/; HttpOnly; SameSite=Strict");
        resp.setStatus(204);
    }

    private void route(String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> parts = segments(path);
        Params params = new Params(req);
        if (parts.equals(List.of("metrics"))) {
            text(resp, "text/plain; version=0.0.4; charset=utf-8", metrics());
        } else if (parts.equals(List.of("api", "cameras"))) {
            json(resp, cameras());
        } else if (parts.equals(List.of("api", "events"))) {
            EventQuery q = params.eventQuery();
            ArrayNode out = EventJson.mapper().createArrayNode();
            store.search(q).forEach(e -> out.add(EventJson.toNode(e)));
            resp.setHeader("X-Total-Count", Long.toString(store.count(q)));
            json(resp, out);
        } else if (parts.size() == 3 && parts.get(0).equals("api") && parts.get(1).equals("events")) {
            json(resp, EventJson.toNode(event(parts.get(2))));
        } else if (parts.size() == 4 && parts.subList(0, 2).equals(List.of("api", "events")) && parts.get(3).equals("snapshot.jpg")) {
            jpeg(resp, snapshot(event(parts.get(2)), params));
        } else if (parts.size() == 4 && parts.subList(0, 2).equals(List.of("api", "events")) && parts.get(3).equals("recording")) {
            Recordings.serve(event(parts.get(2)), req, resp);
        } else if (parts.size() == 4 && parts.subList(0, 2).equals(List.of("api", "cameras"))) {
            camera(parts.get(2), parts.get(3), req, resp);
        } else {
            throw BadRequest.notFound("no such resource: " + path);
        }
    }

    private void camera(String camera, String what, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        CameraMonitor m = monitor.get().orElseThrow(() -> BadRequest.notFound("no camera pipeline is running"));
        if (m.status(camera).isEmpty()) {
            throw BadRequest.notFound("unknown camera '" + camera + "'");
        }
        switch (what) {
            case "latest.jpg" -> jpeg(resp, m.latestFrame(camera)
                    .orElseThrow(() -> BadRequest.notFound("camera '" + camera + "' has no analysed frame yet")).jpeg());
            case "stream.mjpeg" -> stream(camera, m, resp);
            case "compliance" -> {
                ArrayNode out = EventJson.mapper().createArrayNode();
                for (Metrics.Minute minute : metrics.compliance(camera)) {
                    out.addObject().put("minute", EventJson.time(minute.minute())).put("faces", minute.faces())
                            .put("masked", minute.masked()).put("unmasked", minute.unmasked());
                }
                json(resp, out);
            }
            default -> throw BadRequest.notFound("no such resource for camera '" + camera + "': " + what);
        }
    }

    private MaskEvent event(String id) {
        return store.get(id).orElseThrow(() -> BadRequest.notFound("unknown event '" + id + "'"));
    }

    private byte[] snapshot(MaskEvent e, Params params) {
        boolean crop = Boolean.TRUE.equals(params.bool("crop"));
        boolean bbox = Boolean.TRUE.equals(params.bool("bbox"));
        if (crop) {
            Optional<byte[]> face = store.snapshot(e.id(), false);
            if (face.isPresent()) {
                return face.get();
            }
            return Snapshots.crop(store.snapshot(e.id(), true)
                    .orElseThrow(() -> BadRequest.notFound("event '" + e.id() + "' has no snapshot")), e.box());
        }
        byte[] frame = store.snapshot(e.id(), true).or(() -> store.snapshot(e.id(), false))
                .orElseThrow(() -> BadRequest.notFound("event '" + e.id() + "' has no snapshot"));
        return bbox ? Snapshots.withBox(frame, e.box()) : frame;
    }

    private ArrayNode cameras() {
        ArrayNode out = EventJson.mapper().createArrayNode();
        for (CameraStatus s : monitor.get().map(CameraMonitor::statuses).orElse(List.of())) {
            ObjectNode n = out.addObject();
            n.put("camera", s.camera()).put("name", s.name()).put("state", s.state().name()).put("reason", s.reason())
                    .put("fps_in", s.fpsIn()).put("fps_out", s.fpsOut()).put("frames_decoded", s.framesDecoded())
                    .put("frames_analyzed", s.framesAnalyzed()).put("frames_dropped", s.framesDropped())
                    .put("inference_ms", s.inferenceMillis()).put("last_error", s.lastError())
                    .put("last_error_time", s.lastErrorTime() == null ? null : EventJson.time(s.lastErrorTime()))
                    .put("updated", s.updated() == null ? null : EventJson.time(s.updated()));
        }
        return out;
    }

    private String metrics() {
        List<CameraStatus> cameras = monitor.get().map(CameraMonitor::statuses).orElse(List.of());
        Map<String, Long> stored = new LinkedHashMap<>();
        for (CameraStatus s : cameras) {
            stored.put(s.camera(), store.count(new EventQuery(Set.of(s.camera()), null, null, null, null, null, null, null,
                    1, 0, true)));
        }
        return metrics.render(cameras, stored);
    }

    /**
     * multipart/x-mixed-replace, one part per new analysed frame, until the client goes away.
     * Streams are capped because each one holds a server thread.
     */
    private void stream(String camera, CameraMonitor m, HttpServletResponse resp) throws IOException {
        if (!streams.tryAcquire()) {
            throw new BadRequest(503, "too many open streams; close one and retry");
        }
        try {
            resp.setContentType("multipart/x-mixed-replace; boundary=frame");
            resp.setHeader("Cache-Control", "no-store");
            OutputStream out = resp.getOutputStream();
            // Each part is closed by the next boundary at once: browsers show a part only when they
            // see the boundary after it, which would otherwise wait for the next frame.
            out.write("--frame\r\n".getBytes(StandardCharsets.US_ASCII));
            AnnotatedFrame last = null;
            long lastSent = 0;
            while (!stopping && m.status(camera).isPresent()) {
                AnnotatedFrame f = m.latestFrame(camera).orElse(null);
                long now = System.nanoTime();
                // an unchanged frame is resent now and then, so idle connections are not cut by proxies
                if (f != null && (f != last || now - lastSent > 2_000_000_000L)) {
                    out.write(("Content-Type: image/jpeg\r\nContent-Length: " + f.jpeg().length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(f.jpeg());
                    out.write("\r\n--frame\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    last = f;
                    lastSent = now;
                }
                Thread.sleep(streamIntervalMillis);
            }
        } catch (IOException e) {
            LOG.fine(() -> "stream of " + camera + " ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    private static void console(String file, HttpServletResponse resp) throws IOException {
        String name = file.isEmpty() ? "index.html" : file;
        String type = CONSOLE_TYPES.get(name);
        if (type == null) {
            error(resp, 404, "no such file");
            return;
        }
        try (InputStream in = ApiServlet.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                error(resp, 404, "no such file");
                return;
            }
            resp.setContentType(type);
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }

    /** Path segments, each percent-decoded on its own so an id may contain '/' as %2F. */
    static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    private static void json(HttpServletResponse resp, Object node) throws IOException {
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        EventJson.mapper().writeValue(resp.getOutputStream(), node);
    }

    private static void jpeg(HttpServletResponse resp, byte[] data) throws IOException {
        resp.setContentType("image/jpeg");
        resp.setContentLength(data.length);
        resp.getOutputStream().write(data);
    }

    private static void text(HttpServletResponse resp, String type, String body) throws IOException {
        resp.setContentType(type);
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        ObjectNode n = EventJson.mapper().createObjectNode();
        n.put("error", message);
        EventJson.mapper().writeValue(resp.getOutputStream(), n);
    }
}
