package io.maskwatch.analytics;

import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** JPEG snapshots and annotated frames from packed BGR pixels, with the JDK's encoder. */
final class Jpeg {

    private Jpeg() {
    }

    static BufferedImage image(byte[] bgr, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(bgr, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, width * height * 3);
        return img;
    }

    /** The face with a margin of a quarter of its size on each side, clipped to the frame. */
    static byte[] faceCrop(BufferedImage frame, PixelBox box) {
        double mx = box.width() / 4;
        double my = box.height() / 4;
        int x1 = clamp(box.x1() - mx, frame.getWidth() - 1);
        int y1 = clamp(box.y1() - my, frame.getHeight() - 1);
        int x2 = clamp(box.x2() + mx, frame.getWidth());
        int y2 = clamp(box.y2() + my, frame.getHeight());
        return encode(frame.getSubimage(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1)));
    }

    /** The frame with boxes and labels drawn in {@link LabelColours}. */
    static byte[] annotated(BufferedImage frame, List<Overlay> faces) {
        BufferedImage copy = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = copy.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
            float line = Math.max(2f, frame.getWidth() / 400f);
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, frame.getWidth() / 60)));
            for (Overlay o : faces) {
                g.setColor(LabelColours.of(o.label()));
                PixelBox b = o.box();
                g.drawRect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height());
                g.drawString("#" + o.trackId() + " " + o.label().wireName() + String.format(" %.2f", o.score()),
                        (int) b.x1(), (int) Math.max(g.getFont().getSize(), b.y1() - line * 2));
            }
        } finally {
            g.dispose();
        }
        return encode(copy);
    }

    static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(img, "jpg", out)) {
                throw new IOException("no JPEG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int clamp(double v, int max) {
        return (int) Math.max(0, Math.min(max, Math.round(v)));
    }
}
