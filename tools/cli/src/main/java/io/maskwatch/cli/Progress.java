package io.maskwatch.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with ETA on stderr, redrawn at most a few times per second; the line ends
 * when the total is reached or at {@link #finish}. Used by one thread.
 */
public final class Progress {

    private final PrintStream out;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long done;

    public Progress(PrintStream out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = Math.max(1, total);
    }

    public void advance(long n, String status) {
        done += n;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 250_000_000L) {
            return;
        }
        draw(now, status);
    }

    /** Draws the state reached and ends the line, also when the total was not reached (a failure). */
    public void finish(String status) {
        if (done < total) {
            draw(System.nanoTime(), status);
            out.println();
            out.flush();
            done = total;
        }
    }

    private void draw(long now, String status) {
        lastDraw = now;
        double elapsed = (now - start) / 1e9;
        double frac = Math.min(1.0, (double) done / total);
        double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
        int width = 30;
        int filled = (int) Math.round(frac * width);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        out.printf(Locale.ROOT, "\r%s [%s] %5.1f%% %s elapsed %s ETA %s ", what, bar, frac * 100,
                status == null ? "" : status, clock(elapsed), clock(eta));
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
