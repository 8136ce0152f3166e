package io.maskwatch.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * A region of interest: a polygon in normalised frame coordinates ([0,1], top-left origin). A face
 * counts when the centre of its box is inside. The empty region is the whole frame.
 * Text form: points separated by spaces or semicolons, each {@code x,y}, e.g. {@code 0,0 1,0 1,0.6 0,0.6}.
 */
public record Roi(double[] xs, double[] ys) {

    public static final Roi WHOLE_FRAME = new Roi(new double[0], new double[0]);

    public static Roi parse(String text) {
        if (text == null || text.isBlank()) {
            return WHOLE_FRAME;
        }
        List<double[]> pts = new ArrayList<>();
        for (String point : text.trim().split("[\\s;]+")) {
            String[] xy = point.split(",");
            if (xy.length != 2) {
                throw new IllegalArgumentException("roi point '" + point + "' is not x,y");
            }
            double x;
            double y;
            try {
                x = Double.parseDouble(xy[0]);
                y = Double.parseDouble(xy[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("roi point '" + point + "' is not two numbers");
            }
            if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
                throw new IllegalArgumentException("roi point '" + point + "' is outside [0,1]");
            }
            pts.add(new double[] {x, y});
        }
        if (pts.size() < 3) {
            throw new IllegalArgumentException("roi needs at least 3 points, has " + pts.size());
        }
        return new Roi(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
    }

    public boolean wholeFrame() {
        return xs.length == 0;
    }

    /** Even-odd rule on the normalised point. */
    public boolean contains(double x, double y) {
        if (wholeFrame()) {
            return true;
        }
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }
}
