package io.maskwatch.launcher.detect;

import io.maskwatch.analytics.CameraSettings;
import io.maskwatch.analytics.RecordingAnalyzer;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.Progress;
import io.maskwatch.cli.UsageException;
import io.maskwatch.datadir.DataDirectory;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.eventjson.EventJson;
import io.maskwatch.events.SqliteEventStore;
import io.maskwatch.openvino.OpenVinoException;
import io.maskwatch.video.ClipWriter;
import io.maskwatch.video.SourceException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.awt.color.ColorSpace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/maskwatch analyze VIDEO ... [--camera ID] [--fps N] [--events FILE.jsonl]
 * [--annotated OUT.mp4] [--data DIR] [detector options]}: indexes recordings into the event store
 * that the host and {@code events search} use, faster than real time ({@link RecordingAnalyzer}).
 * Event lines go to stdout and are appended to {@code --events}; a progress bar and a summary per
 * file go to stderr. A file that cannot be analysed gets one line and the others go on; the exit
 * code is 1 when any failed, 2 for a usage or environment error.
 */
public final class AnalyzeCommand {

    /** Frames analysed per second of video: each event needs debounce (3) frames, so 1.5 s. */
    static final double DEFAULT_FPS = 2;
    private static final Set<String> VALUED = Engine.options("--camera", "--fps", "--events", "--annotated", "--data");
    private static final Logger LOG = Logger.getLogger(AnalyzeCommand.class.getName());

    private AnalyzeCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return analyze(new Args(args, Engine.flags(), VALUED), out, err);
        } catch (UsageException e) {
            err.println("maskwatch analyze: " + e.getMessage());
            return 2;
        } catch (OpenVinoException e) {
            err.println("maskwatch analyze: " + Engine.firstLine(e.getMessage()) + "; run with --debug for details, or bin/maskwatch info");
            LOG.log(Level.FINE, "OpenVINO failure", e);
            return 2;
        }
    }

    private static int analyze(Args a, PrintStream out, PrintStream err) {
        if (a.positionals().isEmpty()) {
            throw new UsageException("give at least one video file");
        }
        double fps = a.number("--fps", DEFAULT_FPS);
        if (!(fps >= 0.1 && fps <= 30)) {
            throw new UsageException("--fps must be between 0.1 and 30, got " + a.get("--fps", ""));
        }
        String camera = a.get("--camera", null);
        if (camera != null) {
            settings(camera, Path.of("."), fps);
        }
        Path annotated = a.path("--annotated");
        Path dataDir = DataDirectory.resolve(a.get("--data", null));
        List<Path> videos = a.positionals().stream().map(Path::of).toList();
        FaceDetectorOptions options = Engine.faceOptions(a, FaceDetectorOptions.defaults().scoreThreshold());
        int failed = 0;
        try (Engine engine = Engine.open(a, options, true);
                SqliteEventStore store = openStore(dataDir);
                BufferedWriter events = open(a.get("--events", null))) {
            err.println("maskwatch analyze: " + videos.size() + " file(s) at " + number(fps) + " fps; events into " + dataDir);
            for (Path video : videos) {
                String id = camera != null ? camera : cameraId(video);
                RecordingAnalyzer analyzer = new RecordingAnalyzer(settings(id, video, fps), engine.detector, store);
                Path clip = annotated == null ? null : videos.size() == 1 ? annotated : perVideo(annotated, video);
                String error = one(analyzer, video, clip, fps, out, err, events);
                if (error != null) {
                    err.println("maskwatch analyze: " + video + ": " + error);
                    failed++;
                }
            }
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        if (videos.size() > 1) {
            err.println("maskwatch analyze: " + (videos.size() - failed) + " of " + videos.size() + " file(s) analysed");
        }
        return failed == 0 ? 0 : 1;
    }

    /** Analyses one file; returns null, or what went wrong as one line. */
    private static String one(RecordingAnalyzer analyzer, Path video, Path clip, double fps, PrintStream out, PrintStream err,
            BufferedWriter events) {
        long t0 = System.nanoTime();
        Bar bar = new Bar(err, video, fps);
        try (AnnotatedVideo annotated = clip == null ? null : new AnnotatedVideo(clip, fps)) {
            RecordingAnalyzer.Summary s = analyzer.analyze(video, new RecordingAnalyzer.Listener() {
                @Override
                public void event(MaskEvent e) {
                    String line = EventJson.toJson(e);
                    out.println(line);
                    bar.events++;
                    if (events != null) {
                        try {
                            events.write(line);
                            events.newLine();
                            events.flush();
                        } catch (IOException ex) {
                            throw new UncheckedIOException("cannot write the events file: " + ex.getMessage(), ex);
                        }
                    }
                }

                @Override
                public void frame(FrameAnalysis analysis, byte[] bgr) {
                    if (annotated != null) {
                        annotated.write(analysis, bgr);
                    }
                }

                @Override
                public void progress(double mediaSeconds, double durationSeconds) {
                    bar.at(mediaSeconds, durationSeconds);
                }
            });
            bar.done(true);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double media = s.info().durationSeconds();
            err.printf(Locale.ROOT, "maskwatch analyze: %s: %.1f s of %s %dx%d video in %.1f s (%.1fx real time), %d frames analysed,"
                    + " %d event message(s)%s%n", video, media, s.info().codec(), s.info().width(), s.info().height(), seconds,
                    media / seconds, s.frames(), s.events(), clip == null ? "" : "; annotated video " + clip);
            LOG.fine(() -> video + ": decoding " + s.decoding());
            return null;
        } catch (SourceException e) {
            bar.done(false);
            LOG.log(Level.FINE, "analysis of " + video + " failed", e);
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bar.done(false);
            return "interrupted";
        } catch (RuntimeException e) {
            bar.done(false);
            LOG.log(Level.FINE, "analysis of " + video + " failed", e);
            return "analysis failed: " + Engine.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static CameraSettings settings(String camera, Path video, double fps) {
        try {
            return RecordingAnalyzer.settings(camera, video, fps);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--camera: " + e.getMessage().replace("invalid camera configuration: ", ""));
        }
    }

    /** The file name without its extension, as a camera id: {@code door3-0900.mp4} is camera {@code door3-0900}. */
    static String cameraId(Path video) {
        String name = video.getFileName() == null ? "" : video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_.-]", "_").replaceFirst("^[^A-Za-z0-9]+", "");
        stem = stem.length() > 64 ? stem.substring(0, 64) : stem;
        return stem.isEmpty() ? "recording" : stem;
    }

    /** With several videos, {@code out.mp4} becomes {@code out-<camera id of the video>.mp4}. */
    static Path perVideo(Path annotated, Path video) {
        String name = annotated.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return annotated.resolveSibling(stem + "-" + cameraId(video) + ".mp4");
    }

    private static SqliteEventStore openStore(Path dir) {
        try {
            return new SqliteEventStore(dir);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static BufferedWriter open(String file) {
        if (file == null) {
            return null;
        }
        Path p = Path.of(file);
        try {
            if (p.toAbsolutePath().getParent() != null) {
                Files.createDirectories(p.toAbsolutePath().getParent());
            }
            return Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UsageException("cannot open " + p + " for appending: " + e.getMessage());
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The progress bar of one file, in milliseconds of media time. */
    private static final class Bar {
        private final PrintStream err;
        private final String name;
        private final double fps;
        private final long t0 = System.nanoTime();
        private Progress progress;
        private long shown;
        private double media;
        int events;

        Bar(PrintStream err, Path video, double fps) {
            this.err = err;
            this.name = video.getFileName() == null ? video.toString() : video.getFileName().toString();
            this.fps = fps;
        }

        void at(double mediaSeconds, double durationSeconds) {
            if (progress == null) {
                long total = Double.isNaN(durationSeconds) ? Long.MAX_VALUE : Math.max(1, Math.round(durationSeconds * 1000));
                progress = new Progress(err, name, total);
            }
            media = mediaSeconds;
            // A frame stands for its whole slot: the last one completes the bar.
            long now = Math.round((mediaSeconds + 1 / fps) * 1000);
            long target = Math.min(now, Math.round(Double.isNaN(durationSeconds) ? now : durationSeconds * 1000));
            if (target > shown) {
                progress.advance(target - shown, status());
                shown = target;
            }
        }

        private String status() {
            double elapsed = (System.nanoTime() - t0) / 1e9;
            return String.format(Locale.ROOT, "%.1fx real time, %d event msg", elapsed > 0 ? media / elapsed : 0, events);
        }

        void done(boolean ok) {
            if (progress != null) {
                progress.finish(ok ? status() : "stopped");
            }
        }
    }

    /**
     * The analysed frames with their boxes and labels drawn, as H.264 at the analysis rate, each frame
     * at its media time. Owns its clip writer; the file is complete after {@link #close()}.
     */
    private static final class AnnotatedVideo implements AutoCloseable {
        private static final ColorModel BGR = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        private final Path file;
        private final double fps;
        private ClipWriter writer;

        AnnotatedVideo(Path file, double fps) {
            this.file = file;
            this.fps = fps;
        }

        void write(FrameAnalysis a, byte[] bgr) {
            try {
                if (writer == null) {
                    if (file.toAbsolutePath().getParent() != null) {
                        Files.createDirectories(file.toAbsolutePath().getParent());
                    }
                    writer = new ClipWriter(file, a.width(), a.height(), fps, ClipWriter.Codec.H264);
                }
                // The frame's pixels wrapped, not copied; the drawing is a new image.
                WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(bgr, bgr.length), a.width(), a.height(),
                        a.width() * 3, 3, new int[] {2, 1, 0}, null);
                BufferedImage frame = new BufferedImage(BGR, raster, false, null);
                BufferedImage drawn = Annotator.draw(frame, a.faces().stream().map(Annotator::box).toList());
                byte[] out = ((DataBufferByte) drawn.getRaster().getDataBuffer()).getData();
                writer.write(out, a.mediaOffsetSeconds() == null ? -1 : Math.round(a.mediaOffsetSeconds() * 1e6));
            } catch (SourceException e) {
                throw new IllegalStateException("cannot write the annotated video " + file + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the annotated video " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws SourceException {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
