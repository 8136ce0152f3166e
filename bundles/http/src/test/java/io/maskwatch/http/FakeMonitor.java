package io.maskwatch.http;

import io.maskwatch.api.AnnotatedFrame;
import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraState;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.FrameAnalysis;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Two cameras: door3 running with frames, gate reconnecting without any. */
final class FakeMonitor implements CameraMonitor {

    volatile AnnotatedFrame frame = frame(Color.GREEN);

    static byte[] jpeg(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static AnnotatedFrame frame(Color c) {
        return new AnnotatedFrame(new FrameAnalysis("door3", 1, Instant.now(), 1.0, 64, 48, 12, List.of()), jpeg(64, 48, c));
    }

    @Override
    public List<CameraStatus> statuses() {
        Instant now = Instant.parse("2026-03-01T09:00:00Z");
        return List.of(
                new CameraStatus("door3", "Door 3", CameraState.RUNNING, null, 25, 5, 1000, 200, 800, 12.5, null, null, now),
                new CameraStatus("gate", "Gate \"B\"", CameraState.RECONNECTING, "connection refused", 0, 0, 0, 0, 0, 0,
                        "connection refused", now, now));
    }

    @Override
    public Optional<CameraStatus> status(String camera) {
        return statuses().stream().filter(s -> s.camera().equals(camera)).findFirst();
    }

    @Override
    public Optional<AnnotatedFrame> latestFrame(String camera) {
        return camera.equals("door3") ? Optional.of(frame) : Optional.empty();
    }
}
