package io.maskwatch.launcher.host;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Builds the demo clip at run time from the andrewmvd face-mask photos in ../shared/datasets (nothing
 * third-party is committed): photos where everyone is masked alternate with photos where nobody is,
 * each held for a few seconds, letterboxed into 1280x720 and encoded by the video bundle's clip writer.
 */
public final class DemoClip {

    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    static final int FPS = 10;

    /** One still of the clip and when it is on screen. */
    public record Segment(String image, boolean masked, double from, double to) {
    }

    private static final Pattern OBJECT = Pattern.compile(
            "<name>([^<]+)</name>.*?<xmin>(\\d+)</xmin>\\s*<ymin>(\\d+)</ymin>\\s*<xmax>(\\d+)</xmax>\\s*<ymax>(\\d+)</ymax>", Pattern.DOTALL);

    private static final Pattern FILENAME = Pattern.compile("<filename>([^<]+)</filename>");

    private DemoClip() {
    }

    public static Path dataset(Path home) {
        return home.resolve("../shared/datasets/mask-detection/andrewmvd-dev").normalize();
    }

    /**
     * Photos of one kind: only masked or only unmasked faces, one to three of them, the largest at
     * least 40 px tall; in file-name order so the clip is the same every time.
     */
    static List<Path> pick(Path dataset, boolean masked, int count) {
        Path ann = dataset.resolve("annotations");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ann)) {
            for (Path xml : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                String text = Files.readString(xml);
                Matcher m = OBJECT.matcher(text);
                int faces = 0;
                int largest = 0;
                boolean uniform = true;
                while (m.find()) {
                    faces++;
                    uniform &= m.group(1).equals(masked ? "with_mask" : "without_mask");
                    largest = Math.max(largest, Integer.parseInt(m.group(5)) - Integer.parseInt(m.group(3)));
                }
                Matcher name = FILENAME.matcher(text);
                Path img = dataset.resolve("images").resolve(name.find() ? name.group(1).trim() : "-");
                if (uniform && faces >= 1 && faces <= 3 && largest >= 40 && Files.isRegularFile(img)) {
                    out.add(img);
                    if (out.size() == count) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new HostException("cannot read the sample photos in " + dataset + ": " + e.getMessage());
        }
        return out;
    }

    /** Where the clip's pictures go: a clip writer of the video bundle. */
    public interface Sink extends AutoCloseable {
        void write(byte[] bgr) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** Opens the sink of a clip of this size and rate. */
    @FunctionalInterface
    public interface Sinks {
        Sink open(Path clip, int width, int height, double fps) throws Exception;
    }

    /** Writes the clip with the host's video bundle (its own JavaCV) and returns its segments. */
    static List<Segment> write(Host host, Path dataset, Path clip, double secondsEach) {
        Class<?> writer = host.bundleClass("io.maskwatch.video", "io.maskwatch.video.ClipWriter");
        return write((file, w, h, fps) -> {
            Object cw = writer.getConstructor(Path.class, int.class, int.class, double.class).newInstance(file, w, h, fps);
            Method write = writer.getMethod("write", byte[].class);
            Method close = writer.getMethod("close");
            return new Sink() {
                @Override
                public void write(byte[] bgr) throws Exception {
                    write.invoke(cw, (Object) bgr);
                }

                @Override
                public void close() throws Exception {
                    close.invoke(cw);
                }
            };
        }, dataset, clip, secondsEach);
    }

    /**
     * Writes the clip: the photos alternate masked, unmasked, each held {@code secondsEach}.
     *
     * @return each photo and when it is on screen
     */
    public static List<Segment> write(Sinks sinks, Path dataset, Path clip, double secondsEach) {
        List<Path> masked = pick(dataset, true, 3);
        List<Path> bare = pick(dataset, false, 3);
        if (masked.isEmpty() || bare.isEmpty()) {
            throw new HostException("no usable sample photos in " + dataset + "; pass --video PATH|URL");
        }
        List<Segment> segments = new ArrayList<>();
        try (Sink w = sinks.open(clip, WIDTH, HEIGHT, FPS)) {
            double t = 0;
            for (int i = 0; i < Math.max(masked.size(), bare.size()); i++) {
                for (Path p : new Path[] {i < masked.size() ? masked.get(i) : null, i < bare.size() ? bare.get(i) : null}) {
                    if (p == null) {
                        continue;
                    }
                    byte[] bgr = letterbox(p);
                    int frames = (int) Math.round(secondsEach * FPS);
                    for (int f = 0; f < frames; f++) {
                        w.write(bgr);
                    }
                    segments.add(new Segment(p.getFileName().toString(), masked.contains(p), t, t + frames / (double) FPS));
                    t += frames / (double) FPS;
                }
            }
        } catch (InvocationTargetException e) {
            throw new HostException("cannot write the demo clip " + clip + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HostException("the video bundle has no usable ClipWriter: " + e.getMessage(), e);
        } catch (HostException e) {
            throw e;
        } catch (Exception e) {
            throw new HostException("cannot write the demo clip " + clip + ": " + e.getMessage(), e);
        }
        return segments;
    }

    private static byte[] letterbox(Path image) {
        BufferedImage src;
        try {
            src = ImageIO.read(image.toFile());
        } catch (IOException e) {
            throw new HostException("cannot read " + image + ": " + e.getMessage());
        }
        if (src == null) {
            throw new HostException("cannot decode " + image);
        }
        BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            double scale = Math.min(WIDTH / (double) src.getWidth(), HEIGHT / (double) src.getHeight());
            int w = (int) (src.getWidth() * scale);
            int h = (int) (src.getHeight() * scale);
            g.drawImage(src, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    }
}
