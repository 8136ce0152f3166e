package io.maskwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.AnnotatedFrame;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.NormalizedBox;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import io.maskwatch.events.SqliteEventStore;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in Debian's headless Chromium (driven by playwright-core, see src/test/e2e):
 * sign-in, live view, status, event search with thumbnails, recording link and compliance chart.
 * Saves target/console-e2e.png. Skipped where Chromium or the npm packages are missing, except on
 * CI (CI=true), where that is a failure.
 */
class ConsoleE2eTest {

    static final Path E2E = Path.of("src/test/e2e").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path dir;

    @Test
    void theConsoleWorksInARealBrowser() throws Exception {
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isDirectory(E2E.resolve("node_modules/playwright-core"));
        if (!ready && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs Debian's chromium and `npm ci --prefix " + E2E + "` for this test");
        }
        Assumptions.assumeTrue(ready, "needs " + CHROMIUM + " and npm ci in " + E2E);

        FakeMonitor monitor = new FakeMonitor();
        monitor.frame = scene(Instant.now());
        Metrics metrics = new Metrics();
        Instant now = Instant.now();
        for (int minute = 30; minute >= 0; minute--) {
            for (int track = 0; track < 3 + minute % 4; track++) {
                MaskLabel label = (track + minute) % 5 == 0 ? MaskLabel.NO_MASK : MaskLabel.MASK;
                metrics.frameAnalyzed(new FrameAnalysis("door3", minute, now.minusSeconds(60L * minute), null, 640, 360, 20,
                        List.of(new Overlay(minute * 10L + track, label, 0.9, new PixelBox(0, 0, 1, 1), new NormalizedBox(0, 0, 0, 0)))));
            }
        }
        try (SqliteEventStore store = new SqliteEventStore(dir)) {
            store.write(ApiTest.event("e1", "door3", ApiTest.T0, 0.9), face(new Color(0xC9, 0x8B, 0x6B)),
                    FakeMonitor.jpeg(640, 360, Color.DARK_GRAY));
            store.write(ApiTest.event("e2", "door3", ApiTest.T0.plusSeconds(60), 0.6), null, null);
            store.write(ApiTest.event("e3", "gate", ApiTest.T0.plusSeconds(120), 0.95), face(new Color(0x8D, 0x5C, 0x3F)), null);
            try (Jetty jetty = new Jetty(new ApiServlet(store, () -> Optional.of(monitor), new Auth(ApiTest.TOKEN), metrics, 4, 10))) {
                Path shot = Path.of("target/console-e2e.png").toAbsolutePath();
                Files.deleteIfExists(shot);
                Process node = new ProcessBuilder("node", E2E.resolve("console.mjs").toString(), jetty.base, ApiTest.TOKEN,
                        shot.toString()).redirectErrorStream(true).start();
                String log;
                try (var in = node.getInputStream()) {
                    log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the browser run finished");
                assertEquals(0, node.exitValue(), log);
                assertTrue(Files.size(shot) > 10_000, "a screenshot was saved");
            }
        }
    }

    /** A camera picture with one annotated face, standing in for the pipeline's annotated frame. */
    static AnnotatedFrame scene(Instant t) throws Exception {
        BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(0x4A, 0x55, 0x63), 0, 360, new Color(0x23, 0x28, 0x30)));
        g.fillRect(0, 0, 640, 360);
        g.setColor(new Color(0xC9, 0x8B, 0x6B));
        g.fillOval(280, 110, 80, 100);
        g.setColor(new Color(0xE5, 0x39, 0x35));
        g.setStroke(new BasicStroke(3));
        g.drawRect(272, 100, 96, 120);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("no_mask 0.93  #4", 272, 94);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return new AnnotatedFrame(new FrameAnalysis("door3", 1, t, null, 640, 360, 18, List.of()), out.toByteArray());
    }

    static byte[] face(Color skin) throws Exception {
        BufferedImage img = new BufferedImage(96, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xDD, 0xE2, 0xE8));
        g.fillRect(0, 0, 96, 120);
        g.setColor(skin);
        g.fillOval(12, 10, 72, 96);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
