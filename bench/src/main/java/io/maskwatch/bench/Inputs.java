package io.maskwatch.bench;

import io.maskwatch.api.BgrFrame;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** What the benchmarks feed the models. */
final class Inputs {

    private Inputs() {
    }

    static Path home() {
        return Path.of(System.getProperty("maskwatch.home", ".")).toAbsolutePath().normalize();
    }

    /** The datasets folder; benchmarks that need real pictures fail loudly without it. */
    static Path datasets() {
        String env = System.getenv("MASKWATCH_DATASETS");
        Path dir = env != null ? Path.of(env) : home().resolve("../shared/datasets").normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("datasets not found at " + dir + ": set MASKWATCH_DATASETS to ../shared/datasets");
        }
        return dir;
    }

    /** A real crowd photo from andrewmvd-dev, scaled to fill {@code width x height} (the first image by name). */
    static BgrFrame crowdFrame(int width, int height, Arena arena) throws IOException {
        Path images = datasets().resolve("mask-detection/andrewmvd-dev/images");
        Path first;
        try (Stream<Path> s = Files.list(images)) {
            first = s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no images in " + images));
        }
        BufferedImage src = ImageIO.read(first.toFile());
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        return copy(frame, arena);
    }

    /** A synthetic face-sized image: latency does not depend on what the pixels show. */
    static BgrFrame gradient(int size, Arena arena) {
        MemorySegment px = arena.allocate((long) size * size * 3, 64);
        for (int i = 0; i < size * size * 3; i++) {
            px.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 % 256));
        }
        return BgrFrame.packed(size, size, px);
    }

    private static BgrFrame copy(BufferedImage bgr, Arena arena) {
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        MemorySegment px = arena.allocate(data.length, 64);
        MemorySegment.copy(data, 0, px, ValueLayout.JAVA_BYTE, 0, data.length);
        return BgrFrame.packed(bgr.getWidth(), bgr.getHeight(), px);
    }
}
