package io.maskwatch.itests;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.launcher.host.Host;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Synthetic footage for tests that need no real faces: each second of a clip is a flat grey whose level
 * says what a scripted detector reports, and MPEG-4 keeps flat greys within a few levels.
 */
final class Scenes {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FPS = 10;
    static final PixelBox FACE = new PixelBox(100, 80, 160, 150);

    enum Scene {
        EMPTY(120), UNMASKED(40), MASKED(200);

        final int grey;

        Scene(int grey) {
            this.grey = grey;
        }
    }

    /** Unmasked: no_mask with probability 0.8; masked: mask 0.95; else nobody. Thread-safe. */
    static final MaskDetector DETECTOR = (BgrFrame f) -> {
        long centre = (long) (f.height() / 2) * f.rowStride() + (long) (f.width() / 2) * 3;
        int grey = f.pixels().get(ValueLayout.JAVA_BYTE, centre) & 0xff;
        if (grey < 80) {
            return List.<Detection>of(Detection.of(FACE, 0.9, MaskLabel.NO_MASK, 0.8));
        }
        if (grey > 160) {
            return List.of(Detection.of(FACE, 0.9, MaskLabel.MASK, 0.95));
        }
        return List.of();
    };

    private Scenes() {
    }

    /** Writes one second per scene with the video bundle running in the host. */
    static Path clip(Host host, Path file, Scene... seconds) throws Exception {
        Class<?> writer = host.bundleClass("io.maskwatch.video", "io.maskwatch.video.ClipWriter");
        Object w = writer.getConstructor(Path.class, int.class, int.class, double.class).newInstance(file, WIDTH, HEIGHT, (double) FPS);
        Method write = writer.getMethod("write", byte[].class);
        try {
            for (Scene s : seconds) {
                byte[] bgr = new byte[WIDTH * HEIGHT * 3];
                Arrays.fill(bgr, (byte) s.grey);
                for (int i = 0; i < FPS; i++) {
                    write.invoke(w, (Object) bgr);
                }
            }
        } finally {
            writer.getMethod("close").invoke(w);
        }
        return file;
    }

    static Scene[] repeat(Scene s, int n) {
        Scene[] out = new Scene[n];
        Arrays.fill(out, s);
        return out;
    }

    static Scene[] concat(Scene[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(Scene[]::new);
    }
}
