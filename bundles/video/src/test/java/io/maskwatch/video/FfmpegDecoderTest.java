package io.maskwatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.CameraState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JavaCV and FFmpeg's natives on this JVM: writes a clip, reads it back through a camera reader. */
class FfmpegDecoderTest {

    @TempDir
    Path dir;

    static Path syntheticClip(Path file, int frames) throws SourceException {
        int w = 160;
        int h = 120;
        try (ClipWriter out = new ClipWriter(file, w, h, 10)) {
            byte[] bgr = new byte[w * h * 3];
            for (int i = 0; i < frames; i++) {
                for (int p = 0; p < bgr.length; p++) {
                    bgr[p] = (byte) ((p / 3 % w + i * 8) & 0xff);
                }
                out.write(bgr);
            }
        }
        return file;
    }

    @Test
    void readsAFileInRealTimeThenStops() throws Exception {
        Path clip = syntheticClip(dir.resolve("clip.mp4"), 10);
        try (CameraReader r = CameraReader.ffmpeg("f", Source.parse(clip.toString()), (s, why) -> { })) {
            r.start();
            VideoFrame f = r.slot().take(10, TimeUnit.SECONDS);
            assertNotNull(f, "first frame; state " + r.state() + " " + r.reason());
            assertEquals(160, f.width());
            assertEquals(120, f.height());
            assertNotNull(f.mediaSeconds());
            r.slot().release(f);
            r.thread().join(5000);
            assertEquals(CameraState.STOPPED, r.state());
            assertEquals("end of file", r.reason());
            assertEquals(10, r.framesDecoded());
        }
    }

    @Test
    void aFileThatIsNotVideoIsAnError() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all\n".repeat(100));
        try (CameraReader r = CameraReader.ffmpeg("n", Source.parse(text.toString()), (s, why) -> { })) {
            r.start().thread().join(10000);
            assertEquals(CameraState.ERROR, r.state());
            assertTrue(r.reason().contains("is not a playable video file"), r.reason());
        }
    }

    /** A local HTTP server that answers every request with {@code handler}. */
    private static com.sun.net.httpserver.HttpServer http(com.sun.net.httpserver.HttpHandler handler) throws java.io.IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private static void awaitState(CameraReader r, CameraState s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (r.state() != s && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(s, r.state(), r.reason());
    }

    @Test
    void wrongCredentialsAreAnErrorWithoutRetry() throws Exception {
        var server = http(ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"cam\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        try (CameraReader r = CameraReader.ffmpeg("auth", Source.parse("http://user:wrong@127.0.0.1:" + server.getAddress().getPort() + "/mjpeg"),
                (s, why) -> { }).start()) {
            awaitState(r, CameraState.ERROR);
            assertTrue(r.reason().contains("refused the credentials (401)"), r.reason());
            assertTrue(r.reason().contains("user:***@"), "the password is not shown: " + r.reason());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aStreamThatStopsDeliveringTimesOutAndReconnects() throws Exception {
        var server = http(ex -> {
            ex.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace;boundary=frame");
            ex.sendResponseHeaders(200, 0);
            try {
                Thread.sleep(6_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        CameraReader.Options o = new CameraReader.Options(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Source src = Source.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/mjpeg");
        try (CameraReader r = new CameraReader("stall", src, s -> new FfmpegDecoder(s, o.ioTimeout()), o, (s, why) -> { }).start()) {
            awaitState(r, CameraState.RECONNECTING);
            assertTrue(r.reason().contains("retry 1"), r.reason());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableStreamReconnects() throws Exception {
        CameraReader.Options o = new CameraReader.Options(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Source src = Source.parse("rtsp://127.0.0.1:9/none");
        try (CameraReader r = new CameraReader("u", src, s -> new FfmpegDecoder(s, o.ioTimeout()), o, (s, why) -> { }).start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.state() != CameraState.RECONNECTING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(CameraState.RECONNECTING, r.state());
            assertTrue(r.reason().contains("connection refused"), r.reason());
        }
    }
}
