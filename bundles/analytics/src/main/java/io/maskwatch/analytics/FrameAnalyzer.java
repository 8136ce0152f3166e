package io.maskwatch.analytics;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.NormalizedBox;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import io.maskwatch.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The analysis of one frame, the same for a live camera ({@link Pipeline}) and a recording
 * ({@link RecordingAnalyzer}): detect, keep the faces that pass the score, size and region filters,
 * track them, smooth each track's mask state, build the overlays, count compliance and run the event
 * lifecycle. Owns the tracker, incidents and compliance counts of one camera or recording. Not
 * thread-safe: used by one analytics thread.
 */
final class FrameAnalyzer {

    /**
     * What one frame gave.
     *
     * @param pixels   a copy of the frame's packed BGR pixels, which outlives the frame
     * @param messages event messages to publish, in order
     */
    record Result(FrameAnalysis analysis, byte[] pixels, List<Incidents.Message> messages) {
    }

    private final Tracker tracker;
    private final Incidents incidents;
    private final Compliance compliance = new Compliance();

    /** @param recording the file or URL events are found in, or null for a live camera */
    FrameAnalyzer(CameraSettings s, String recording) {
        this.tracker = new Tracker(Math.max(2, (int) Math.round(s.fps() * 1.5)));
        this.incidents = new Incidents(s.id(), recording, s.cooldownSeconds());
    }

    /**
     * @param s          the settings for this frame (thresholds may change between frames)
     * @param clockNanos the time that paces event updates: {@link System#nanoTime()} live, media time
     *                   for a recording (which is analysed faster than it plays)
     * @param minutes    receives each finished compliance minute
     */
    Result analyze(VideoFrame f, CameraSettings s, MaskDetector detector, long clockNanos, Consumer<Compliance.Minute> minutes) {
        BgrFrame bgr = f.bgr();
        long t0 = System.nanoTime();
        List<Detection> found = detector.detect(bgr, s.minFacePx());
        double ms = (System.nanoTime() - t0) / 1e6;
        List<Detection> kept = new ArrayList<>(found.size());
        for (Detection d : found) {
            PixelBox b = d.box();
            double cx = (b.x1() + b.x2()) / 2 / f.width();
            double cy = (b.y1() + b.y2()) / 2 / f.height();
            if (d.faceScore() >= s.faceScoreThreshold() && Math.max(b.width(), b.height()) >= s.minFacePx() && s.roi().contains(cx, cy)) {
                kept.add(d);
            }
        }
        List<Tracker.Track> ended = new ArrayList<>();
        List<Tracker.Track> live = tracker.update(kept, s.debounceFrames(), ended);
        List<Overlay> overlays = new ArrayList<>();
        for (Tracker.Track t : live) {
            t.debounce.frames(s.debounceFrames());
            if (!t.seenNow()) {
                continue;
            }
            Detection d = t.last;
            boolean raw = Incidents.nonCompliant(d, s.noMaskThreshold());
            t.debounce.observe(raw);
            MaskLabel shown = t.debounce.settled() ? (t.debounce.nonCompliant() ? Incidents.nonCompliantLabel(d) : MaskLabel.MASK)
                    : (raw ? Incidents.nonCompliantLabel(d) : MaskLabel.MASK);
            overlays.add(new Overlay(t.id, shown, d.score(), d.box(), NormalizedBox.of(d.box(), f.width(), f.height())));
            Compliance.Minute done = compliance.observe(f.wallTime(), t.id, t.debounce.settled() ? t.debounce.nonCompliant() : null);
            if (done != null) {
                minutes.accept(done);
            }
        }
        FrameAnalysis analysis = new FrameAnalysis(s.id(), f.number(), f.wallTime(), f.mediaSeconds(), f.width(), f.height(), ms, overlays);
        byte[] pixels = bgr.pixels().toArray(ValueLayout.JAVA_BYTE);
        incidents.cooldownSeconds(s.cooldownSeconds());
        BufferedImage[] image = new BufferedImage[1];
        Incidents.Snapshots snaps = (box, label) -> {
            if (!s.snapshotOnEvent()) {
                return new byte[2][];
            }
            if (image[0] == null) {
                image[0] = Jpeg.image(pixels, f.width(), f.height());
            }
            Overlay o = new Overlay(0, label, 0, box, NormalizedBox.of(box, f.width(), f.height()));
            return new byte[][] {Jpeg.faceCrop(image[0], box), Jpeg.annotated(image[0], List.of(o))};
        };
        List<Incidents.Message> messages = incidents.update(live, ended,
                new Incidents.FrameTime(f.wallTime(), f.mediaSeconds(), clockNanos), snaps);
        return new Result(analysis, pixels, messages);
    }

    /** Ends every open event, when the camera stops or the file ends. */
    List<Incidents.Message> endAll() {
        return incidents.endAll();
    }

    /** The compliance minute in progress, or null if nothing was seen. */
    Compliance.Minute finish() {
        return compliance.finish();
    }

    /**
     * Hands one message to the outputs and remembers where its snapshot was stored, so the later
     * messages of the event point at it.
     */
    static void publish(Incidents.Message m, Pipeline.Outputs outputs, boolean snapshots) {
        String path = outputs.event(m, snapshots);
        if (path != null) {
            m.incident().snapshot = path;
        }
    }
}
