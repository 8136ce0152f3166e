package io.maskwatch.detector;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/** Drawn cartoon faces (skin oval, hair, eyes, brows, nose, mouth) that real face detectors find. */
final class SyntheticFaces {

    private SyntheticFaces() {
    }

    static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(90, 110, 130));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    /** Draws a face whose skin oval is {@code h} tall, centred at (cx, cy); returns the oval's box. */
    static PixelBox draw(BufferedImage img, double cx, double cy, double h) {
        double k = h / 104.0;
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.translate(cx, cy);
            g.scale(k, k);
            g.setColor(new Color(60, 40, 30));
            g.fillOval(-44, -62, 88, 72);
            g.setColor(new Color(225, 180, 150));
            g.fillOval(-40, -52, 80, 104);
            g.setColor(Color.WHITE);
            g.fillOval(-26, -16, 18, 10);
            g.fillOval(8, -16, 18, 10);
            g.setColor(new Color(40, 30, 20));
            g.fillOval(-21, -15, 8, 8);
            g.fillOval(13, -15, 8, 8);
            g.setStroke(new BasicStroke(3));
            g.drawLine(-28, -24, -8, -26);
            g.drawLine(8, -26, 28, -24);
            g.setColor(new Color(190, 140, 115));
            g.drawLine(0, -8, -4, 12);
            g.drawLine(-4, 12, 4, 12);
            g.setColor(new Color(170, 70, 70));
            g.fillArc(-16, 18, 32, 14, 180, 180);
        } finally {
            g.dispose();
        }
        return new PixelBox(cx - 40 * k, cy - 52 * k, cx + 40 * k, cy + 52 * k);
    }

    /** A packed native frame holding a copy of a 3-byte BGR image. */
    static BgrFrame frame(BufferedImage img, Arena arena) {
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        MemorySegment seg = arena.allocate(px.length);
        MemorySegment.copy(px, 0, seg, ValueLayout.JAVA_BYTE, 0, px.length);
        return BgrFrame.packed(img.getWidth(), img.getHeight(), seg);
    }

    /** The project's model file, fetched by bin/maskwatch setup. */
    static Path modelFile(FaceModel model) {
        Path home = Path.of(System.getProperty("maskwatch.home", "../.."));
        Path file = home.resolve("models/third-party").resolve(model.fileName());
        Assertions.assertTrue(Files.isRegularFile(file), "face model " + file + " missing: run bin/maskwatch setup");
        return file;
    }
}
