package io.maskwatch.launcher.detect;

import io.maskwatch.launcher.detect.AveragePrecision.Result;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws precision-recall curves into a PNG, one line per curve, AP in the legend. */
final class PrCurvePlot {

    private static final List<Color> COLOURS = List.of(new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728), new Color(0xff9f00));

    private PrCurvePlot() {
    }

    static void write(Path file, Map<String, Result> curves) throws IOException {
        int w = 720;
        int h = 560;
        int left = 70;
        int right = 30;
        int top = 40;
        int bottom = 60;
        int pw = w - left - right;
        int ph = h - top - bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (int i = 0; i <= 10; i++) {
                int x = left + pw * i / 10;
                int y = top + ph - ph * i / 10;
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(x, top, x, top + ph);
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%.1f", i / 10.0);
                g.drawString(label, x - 9, top + ph + 18);
                g.drawString(label, left - 32, y + 5);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, pw, ph);
            g.drawString("recall", left + pw / 2 - 18, h - 18);
            g.drawString("precision", 8, top - 12);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString("Precision-recall at IoU 0.5", left + pw / 2 - 90, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int k = 0;
            for (Map.Entry<String, Result> e : curves.entrySet()) {
                Color c = COLOURS.get(k % COLOURS.size());
                Result r = e.getValue();
                Path2D.Double line = new Path2D.Double();
                for (int i = 0; i < r.recall().length; i++) {
                    double x = left + pw * r.recall()[i];
                    double y = top + ph - ph * r.precision()[i];
                    if (i == 0) {
                        line.moveTo(x, y);
                    } else {
                        line.lineTo(x, y);
                    }
                }
                g.setColor(c);
                g.setStroke(new BasicStroke(2f));
                g.draw(line);
                int ly = top + ph - 20 - 20 * (curves.size() - 1 - k);
                g.fillRect(left + pw - 200, ly - 9, 18, 4);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%s  AP %.3f", e.getKey(), r.ap()), left + pw - 175, ly - 3);
                k++;
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
