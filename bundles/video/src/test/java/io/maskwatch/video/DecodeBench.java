package io.maskwatch.video;

import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * How fast a recording is sampled, by strategy: {@code java -cp ... io.maskwatch.video.DecodeBench FILE FPS [REPEATS]}.
 * Strategies: JavaCV's grabImage on every frame (what a camera does: decode and convert all), every
 * frame decoded but only the samples converted, then non-reference frames skipped, then keyframe seeks.
 * Results (wall seconds, best of REPEATS) go to stdout; bench/results/analyze-*.txt records them.
 */
public final class DecodeBench {

    private DecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double fps = Double.parseDouble(args[1]);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        FfmpegDecoder.quiet();
        System.out.printf(Locale.ROOT, "file %s, sampling %.2f fps%n", file, fps);
        best("javacv grabImage, every frame decoded+converted", repeats, () -> grabAll(file, fps));
        best("every frame decoded, samples converted", repeats, () -> recording(file, fps, false, false));
        best("non-reference frames skipped before a slot", repeats, () -> recording(file, fps, true, false));
        best("non-reference skipped + keyframe seeks", repeats, () -> recording(file, fps, true, true));
    }

    interface Run {
        String run() throws Exception;
    }

    private static void best(String name, int repeats, Run r) throws Exception {
        double best = Double.MAX_VALUE;
        String what = "";
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            what = r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%-50s %7.2f s  %s%n", name, best, what);
    }

    private static String grabAll(Path file, double fps) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            long n = 0;
            long kept = 0;
            long next = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                n++;
                double t = f.timestamp / 1e6;
                if (t >= next / fps - 1e-3) {
                    kept++;
                    next = (long) Math.floor((t + 1e-3) * fps) + 1;
                }
            }
            return "decoded " + n + ", sampled " + kept;
        }
    }

    private static String recording(Path file, double fps, boolean skip, boolean seek) throws Exception {
        try (RecordingDecoder d = new RecordingDecoder(file, fps, skip, seek)) {
            d.open();
            while (d.next() != null) {
                // count only
            }
            return d.stats().toString();
        }
    }
}
