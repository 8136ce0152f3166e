package io.maskwatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampling a recording by media time on real H.264 files: which frames come back, that none is
 * dropped, and that skipping non-reference frames and seeking to keyframes change nothing but the
 * work done.
 */
class RecordingDecoderTest {

    static final int W = 160;
    static final int H = 120;
    static final int FPS = 10;

    @TempDir
    Path dir;

    /** Frame i is a flat grey of level {@link #level(int)}, so a picture says which frame it is. */
    static Path numberedClip(Path file, int frames, ClipWriter.Codec codec) throws SourceException {
        try (ClipWriter out = new ClipWriter(file, W, H, FPS, codec)) {
            byte[] bgr = new byte[W * H * 3];
            for (int i = 0; i < frames; i++) {
                java.util.Arrays.fill(bgr, (byte) level(i));
                out.write(bgr);
            }
        }
        return file;
    }

    static int level(int frame) {
        return 30 + frame % 20 * 10;
    }

    record Sample(double media, int frame) {
    }

    /** Every sampled picture: its media time and, from its grey level, the frame it shows. */
    static List<Sample> sample(Path file, double fps, boolean skip, boolean seek) throws SourceException {
        List<Sample> out = new ArrayList<>();
        try (RecordingDecoder d = new RecordingDecoder(file, fps, skip, seek)) {
            d.open();
            Picture p;
            while ((p = d.next()) != null) {
                int grey = p.pixels().get(ValueLayout.JAVA_BYTE, (long) (H / 2) * p.rowStride() + W / 2 * 3) & 0xff;
                out.add(new Sample(p.mediaSeconds(), Math.round((grey - 30) / 10f)));
            }
        }
        return out;
    }

    @Test
    void returnsTheFirstFrameOfEachSlotWithItsMediaTime() throws Exception {
        Path clip = numberedClip(dir.resolve("h264.mp4"), 50, ClipWriter.Codec.H264);
        List<Sample> s = sample(clip, 2, true, true);
        assertEquals(10, s.size(), "5 s at 2 fps: " + s);
        for (int k = 0; k < s.size(); k++) {
            assertEquals(k * 0.5, s.get(k).media(), 1e-3, "slot " + k);
            assertEquals(k * 5 % 20, s.get(k).frame(), "slot " + k + " shows frame " + (k * 5));
        }
        // Slots that fall between frames take the next frame: 1/3 s -> 0.4 s.
        List<Sample> third = sample(clip, 3, true, true);
        assertEquals(15, third.size(), third.toString());
        for (int k = 0; k < third.size(); k++) {
            double expected = Math.ceil(k / 3.0 * FPS - 1e-6) / FPS;
            assertEquals(expected, third.get(k).media(), 1e-3, "slot " + k);
        }
    }

    @Test
    void samplingAtTheFileRateReturnsEveryFrame() throws Exception {
        Path clip = numberedClip(dir.resolve("all.mp4"), 30, ClipWriter.Codec.H264);
        List<Sample> s = sample(clip, FPS, true, true);
        assertEquals(30, s.size());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(i / (double) FPS, s.get(i).media(), 1e-3);
            assertEquals(i % 20, s.get(i).frame());
        }
        // Asking for more than the file has gives each frame once.
        assertEquals(30, sample(clip, 25, true, true).size());
    }

    @Test
    void keyframeSeeksReturnTheSameFramesAsDecodingEverything() throws Exception {
        // A keyframe every second (the clip writer's GOP is one second).
        Path clip = numberedClip(dir.resolve("long.mp4"), 120, ClipWriter.Codec.H264);
        List<Sample> plain = sample(clip, 0.25, false, false);
        assertEquals(3, plain.size(), plain.toString());
        assertEquals(plain, sample(clip, 0.25, true, true));
        try (RecordingDecoder d = new RecordingDecoder(clip, 0.25)) {
            d.open();
            while (d.next() != null) {
                // drain
            }
            assertTrue(d.stats().seeks() > 0, "seeked past keyframes: " + d.stats());
            assertTrue(d.stats().framesDecoded() < 60, "decoded less than half: " + d.stats());
        }
    }

    @Test
    void skippingNonReferenceFramesReturnsTheSameFramesOnBFrameH264() throws Exception {
        Path ffmpeg = Path.of("/usr/bin/ffmpeg");
        assumeTrue(Files.isExecutable(ffmpeg), "skipped: no /usr/bin/ffmpeg to encode H.264 with B-frames (apt-get install ffmpeg)");
        Path src = numberedClip(dir.resolve("src.mp4"), 100, ClipWriter.Codec.MPEG4);
        Path clip = dir.resolve("bframes.mp4");
        Process p = new ProcessBuilder(ffmpeg.toString(), "-v", "error", "-y", "-i", src.toString(), "-c:v", "libx264", "-bf", "3",
                "-g", "50", "-qp", "10", clip.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "skipped: ffmpeg could not encode with libx264: " + log);
        for (double fps : new double[] {1, 2.5, 0.3}) {
            List<Sample> plain = sample(clip, fps, false, false);
            assertEquals(plain, sample(clip, fps, true, true), "fps " + fps);
            assertEquals((int) Math.ceil(10 * fps - 1e-9), plain.size(), "fps " + fps + ": " + plain);
        }
        try (RecordingDecoder d = new RecordingDecoder(clip, 1, true, false)) {
            d.open();
            while (d.next() != null) {
                // drain
            }
            assertTrue(d.stats().framesDecoded() < 100, "B-frames before a slot were not decoded: " + d.stats());
            assertEquals(10, d.stats().picturesReturned());
        }
    }

    @Test
    void theReaderDeliversEverySampleInOrderThroughItsBoundedQueue() throws Exception {
        Path clip = numberedClip(dir.resolve("reader.mp4"), 50, ClipWriter.Codec.H264);
        Instant start = Instant.parse("2026-03-01T09:00:00Z");
        List<Double> times = new ArrayList<>();
        try (RecordingReader r = RecordingReader.open(new RecordingDecoder(clip, 5), info -> start)) {
            assertEquals(W, r.info().width());
            assertEquals("h264", r.info().codec());
            assertEquals(5.0, r.info().durationSeconds(), 0.2);
            VideoFrame f;
            while ((f = r.take()) != null) {
                // a slow consumer: the decoder must wait, not drop
                Thread.sleep(5);
                times.add(f.mediaSeconds());
                assertEquals(start.plusMillis(Math.round(f.mediaSeconds() * 1000)), f.wallTime());
                assertEquals(times.size(), f.number());
                r.release(f);
            }
            assertNull(r.take());
        }
        assertEquals(25, times.size(), times.toString());
        for (int k = 0; k < times.size(); k++) {
            assertEquals(k * 0.2, times.get(k), 1e-3);
        }
    }

    @Test
    void badFilesFailOnOpenWithOneLine() throws Exception {
        SourceException missing = assertThrows(SourceException.class, () -> new RecordingDecoder(dir.resolve("nope.mp4"), 2).open());
        assertEquals("no such file", missing.getMessage());
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video\n".repeat(200));
        SourceException notVideo = assertThrows(SourceException.class, () -> new RecordingDecoder(text, 2).open());
        assertTrue(notVideo.getMessage().startsWith("not a video file FFmpeg can open"), notVideo.getMessage());
        Path whole = numberedClip(dir.resolve("whole.mp4"), 30, ClipWriter.Codec.H264);
        Path cut = dir.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        SourceException truncated = assertThrows(SourceException.class, () -> new RecordingDecoder(cut, 2).open());
        assertEquals(1, truncated.getMessage().lines().count(), truncated.getMessage());
    }
}
