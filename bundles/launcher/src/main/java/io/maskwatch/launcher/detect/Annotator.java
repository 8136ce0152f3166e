package io.maskwatch.launcher.detect;

import io.maskwatch.analytics.LabelColours;
import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws labelled boxes on a copy of an image: green mask, red no_mask, amber incorrect. For detect's
 * annotated images and analyze's annotated video.
 */
final class Annotator {

    /** One box to draw with its label's colour and a caption. */
    record Box(PixelBox box, MaskLabel label, String caption) {
    }

    private Annotator() {
    }

    /** A detection captioned with its label and score. */
    static Box box(Detection d) {
        return new Box(d.box(), d.label(), String.format(Locale.ROOT, "%s %.2f", d.label().wireName(), d.score()));
    }

    /** A tracked face captioned with its track id, smoothed label and score. */
    static Box box(Overlay o) {
        return new Box(o.box(), o.label(), String.format(Locale.ROOT, "#%d %s %.2f", o.trackId(), o.label().wireName(), o.score()));
    }

    static BufferedImage draw(BufferedImage image, List<Box> boxes) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int thick = Math.max(2, Math.min(image.getWidth(), image.getHeight()) / 300);
            g.setStroke(new BasicStroke(thick));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, Math.min(image.getWidth(), image.getHeight()) / 45)));
            FontMetrics fm = g.getFontMetrics();
            for (Box d : boxes) {
                Color c = LabelColours.of(d.label());
                int x = (int) Math.round(d.box().x1());
                int y = (int) Math.round(d.box().y1());
                int w = (int) Math.round(d.box().width());
                int h = (int) Math.round(d.box().height());
                g.setColor(c);
                g.drawRect(x, y, w, h);
                String text = d.caption();
                int tw = fm.stringWidth(text) + 6;
                int th = fm.getHeight();
                int ty = y - th >= 0 ? y - th : y + h;
                g.fillRect(x, ty, tw, th);
                g.setColor(d.label() == MaskLabel.MASK_INCORRECT ? Color.BLACK : Color.WHITE);
                g.drawString(text, x + 3, ty + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes as JPEG, or PNG when the source was a PNG. */
    static void write(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String format = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "png" : "jpg";
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no " + format + " writer");
        }
    }
}
