package io.maskwatch.bench;

import io.maskwatch.video.Picture;
import io.maskwatch.video.RecordingDecoder;
import io.maskwatch.video.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Wall time to read a camera recording, by decoding strategy: {@link #sampleAt5Fps} is the product's
 * recording sampler ({@link RecordingDecoder} with every saving on, as {@code bin/maskwatch analyze}
 * uses it: non-reference frames before the next 1/5 s slot skipped, forward keyframe seeks, one
 * decoder thread, only the sampled pictures converted to BGR); {@link #grabImageEveryFrame} is
 * JavaCV's {@code FFmpegFrameGrabber.grabImage} on every frame with BGR24 output, as a camera's reader
 * does (every frame decoded and converted; FFmpeg's automatic decoder threads).
 *
 * <p>The recordings are made in setup, not kept in the repository: {@code recordingSeconds} of
 * H.264 at 30 fps with a keyframe every 2 s, like an IP camera's main stream, from FFmpeg's
 * {@code testsrc2} pattern with grain on every frame (so each frame costs what a camera's does to
 * decode), encoded by the ffmpeg binary JavaCV bundles (OpenH264, no B-frames, 2 Mbit/s at 720p,
 * 4 Mbit/s at 1080p). They are kept in {@code bench/target/decode/} under a name that states all of
 * that, and reused by later runs. The file is read from the page cache after the first pass.
 * OpenH264 marks every P-frame as a reference and a 5 fps slot comes every 0.2 s, well inside a
 * 2 s GOP, so on these files the sampler skips no frame and seeks nowhere: it decodes every frame
 * on one thread and converts one in six, against the grabber's two decoder threads (on this
 * 2-core machine) converting all. Files with B-frames or sparser sampling favour the sampler more
 * ({@code bench/results/analyze-2026-11-28.txt}).
 *
 * <p>Score: wall seconds per recording (one operation reads the whole file); the result text also
 * gives seconds per minute of recording and the speed as a multiple of real time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBench {

    /** The analytics' default sampling rate for a camera. */
    static final double SAMPLE_FPS = 5;
    static final int CAMERA_FPS = 30;
    static final int KEYFRAME_SECONDS = 2;

    @Param({"1280x720", "1920x1080"})
    String frameSize;

    @Param("60")
    @QuickParam("30")
    int recordingSeconds;

    private Path recording;

    @Setup(Level.Trial)
    public void record() throws IOException, InterruptedException {
        recording = h264Recording(frameSize, recordingSeconds);
        // As the product does: FFmpeg's chatter (the grabber prints the file's streams at each open) stays off the console.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    @Benchmark
    public long sampleAt5Fps() throws SourceException {
        try (RecordingDecoder decoder = new RecordingDecoder(recording, SAMPLE_FPS)) {
            decoder.open();
            long pictures = 0;
            for (Picture p = decoder.next(); p != null; p = decoder.next()) {
                pictures++;
            }
            // A sampler that returned fewer pictures would be timed doing less than its job.
            if (pictures != Math.round(recordingSeconds * SAMPLE_FPS)) {
                throw new IllegalStateException("sampled " + pictures + " pictures from " + recordingSeconds + " s at "
                        + SAMPLE_FPS + " fps: " + decoder.stats());
            }
            return pictures;
        }
    }

    @Benchmark
    public long grabImageEveryFrame() throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(recording.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            long frames = 0;
            for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage()) {
                frames++;
            }
            if (frames != (long) recordingSeconds * CAMERA_FPS) {
                throw new IllegalStateException("decoded " + frames + " frames from " + recordingSeconds + " s at " + CAMERA_FPS + " fps");
            }
            return frames;
        }
    }

    /**
     * The H.264 recording of {@code seconds} at {@code size} ({@code WxH}), made by JavaCV's ffmpeg
     * binary on first use and reused after; written beside its final name and moved there, so an
     * interrupted run never leaves half a file to be reused.
     */
    static Path h264Recording(String size, int seconds) throws IOException, InterruptedException {
        int height = Integer.parseInt(size.split("x")[1]);
        String bitrate = height >= 1080 ? "4M" : "2M";
        Path dir = Inputs.home().resolve("bench/target/decode");
        Path file = dir.resolve(String.format(Locale.ROOT, "h264-%s-%dfps-gop%ds-%s-%ds.mp4", size, CAMERA_FPS, KEYFRAME_SECONDS,
                bitrate, seconds));
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        Path partial = dir.resolve(file.getFileName() + ".partial.mp4");
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<String> command = List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + CAMERA_FPS, "-t", Integer.toString(seconds),
                "-vf", "noise=alls=8:allf=t", "-c:v", "libopenh264", "-b:v", bitrate, "-g", Integer.toString(CAMERA_FPS * KEYFRAME_SECONDS),
                "-pix_fmt", "yuv420p", "-movflags", "+faststart", partial.toString());
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("ffmpeg could not make " + file.getFileName() + ": " + output.strip());
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // JMH shows a fork's output with its iterations: how long the recording took to make is worth seeing.
        System.out.printf(Locale.ROOT, "made %s (%,d bytes) in %.1f s%n", file, Files.size(file), (System.nanoTime() - started) / 1e9);
        return file;
    }
}
