package io.maskwatch.http;

import io.maskwatch.api.PixelBox;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Derived snapshot images: the frame with the event's box drawn, or the face cut out of it. */
final class Snapshots {

    private Snapshots() {
    }

    static byte[] withBox(byte[] jpeg, PixelBox box) {
        BufferedImage img = decode(jpeg);
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(img, 0, 0, null);
            g.setColor(new Color(0xE5, 0x39, 0x35));
            g.setStroke(new BasicStroke(Math.max(4f, img.getWidth() / 160f)));
            g.drawRect((int) box.x1(), (int) box.y1(), (int) box.width(), (int) box.height());
        } finally {
            g.dispose();
        }
        return encode(rgb);
    }

    /** The box with a quarter of its size as margin on each side, clipped to the frame. */
    static byte[] crop(byte[] jpeg, PixelBox box) {
        BufferedImage img = decode(jpeg);
        double mx = box.width() / 4;
        double my = box.height() / 4;
        int x1 = clamp(box.x1() - mx, img.getWidth());
        int y1 = clamp(box.y1() - my, img.getHeight());
        int x2 = clamp(box.x2() + mx, img.getWidth());
        int y2 = clamp(box.y2() + my, img.getHeight());
        if (x2 <= x1 || y2 <= y1) {
            return jpeg;
        }
        return encode(img.getSubimage(x1, y1, x2 - x1, y2 - y1));
    }

    private static int clamp(double v, int max) {
        return (int) Math.max(0, Math.min(max, Math.round(v)));
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (img == null) {
                throw new IllegalStateException("the stored snapshot is not a readable image");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(BufferedImage img) {
        BufferedImage rgb = img;
        if (img.getType() != BufferedImage.TYPE_INT_RGB && img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(img, 0, 0, null);
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(rgb, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
