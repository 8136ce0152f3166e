package io.maskwatch.trainer;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The paper's Fig. 4: loss and accuracy per epoch for training and validation, drawn with Java2D. */
final class HistoryPlot {

    /** One row of history.csv. */
    record Epoch(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double lr, double seconds) {
    }

    private HistoryPlot() {
    }

    static void write(List<Epoch> history, Path png) throws IOException {
        int w = 1000, h = 420, pad = 50, gap = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int pw = (w - 2 * pad - gap) / 2;
        double maxLoss = 0;
        for (Epoch e : history) {
            maxLoss = Math.max(maxLoss, Math.max(e.loss(), e.valLoss()));
        }
        maxLoss = maxLoss <= 0 ? 1 : maxLoss * 1.05;
        panel(g, history, pad, pad, pw, h - 2 * pad, "loss", 0, maxLoss, true);
        panel(g, history, pad + pw + gap, pad, pw, h - 2 * pad, "accuracy", 0, 1, false);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<Epoch> hist, int x, int y, int w, int h, String title,
                              double lo, double hi, boolean loss) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + " per epoch", x, y - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(x, y, w, h);
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            int py = y + h - (int) (h * (v - lo) / (hi - lo));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x + 1, py, x + w - 1, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), x - 38, py + 4);
        }
        int n = hist.size();
        g.drawString("epoch", x + w / 2 - 15, y + h + 30);
        if (n > 0) {
            g.drawString("1", x, y + h + 15);
            g.drawString(Integer.toString(n), x + w - 10, y + h + 15);
        }
        series(g, hist, x, y, w, h, lo, hi, loss ? 0 : 1, new Color(31, 119, 180), "train");
        series(g, hist, x, y, w, h, lo, hi, loss ? 2 : 3, new Color(255, 127, 14), "val");
    }

    private static void series(Graphics2D g, List<Epoch> hist, int x, int y, int w, int h, double lo, double hi,
                               int which, Color colour, String name) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        int n = hist.size();
        int prevX = -1, prevY = -1;
        for (int i = 0; i < n; i++) {
            Epoch e = hist.get(i);
            double v = switch (which) {
                case 0 -> e.loss();
                case 1 -> e.accuracy();
                case 2 -> e.valLoss();
                default -> e.valAccuracy();
            };
            int px = x + (n == 1 ? w / 2 : (int) ((long) w * i / (n - 1)));
            int py = y + h - (int) (h * (Math.clamp(v, lo, hi) - lo) / (hi - lo));
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, px, py);
            }
            g.fillOval(px - 3, py - 3, 6, 6);
            prevX = px;
            prevY = py;
        }
        int ly = y + 15 + (which % 2 == 0 ? which / 2 : (which - 1) / 2) * 15;
        g.drawLine(x + w - 70, ly - 4, x + w - 55, ly - 4);
        g.drawString(name, x + w - 50, ly);
        g.setStroke(new BasicStroke(1f));
    }

    static String csv(List<Epoch> history) {
        StringBuilder sb = new StringBuilder("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds\n");
        for (Epoch e : history) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8f,%.1f%n",
                    e.epoch(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(), e.lr(), e.seconds()));
        }
        return sb.toString();
    }

    static List<Epoch> readCsv(Path csv) throws IOException {
        List<Epoch> out = new java.util.ArrayList<>();
        if (!java.nio.file.Files.isRegularFile(csv)) {
            return out;
        }
        for (String line : java.nio.file.Files.readAllLines(csv)) {
            if (line.isBlank() || line.startsWith("epoch")) {
                continue;
            }
            String[] f = line.split(",");
            out.add(new Epoch(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
        }
        return out;
    }

    /** The paper's Table I as text. */
    static String table(List<Epoch> history) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s %9s %9s %9s %9s%n",
                "epoch", "loss", "accuracy", "val_loss", "val_acc"));
        for (Epoch e : history) {
            sb.append(String.format(Locale.ROOT, "%5d %9.4f %9.4f %9.4f %9.4f%n",
                    e.epoch(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy()));
        }
        return sb.toString();
    }
}
