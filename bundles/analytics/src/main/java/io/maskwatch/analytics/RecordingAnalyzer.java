package io.maskwatch.analytics;

import io.maskwatch.api.EventStore;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.video.RecordingDecoder;
import io.maskwatch.video.RecordingReader;
import io.maskwatch.video.SourceException;
import io.maskwatch.video.VideoFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Indexes a recording: samples it at the camera settings' fps by media time, as fast as it decodes
 * and analyses (no pacing, no dropped frame), runs each frame through the same {@link FrameAnalyzer}
 * as a live camera, and writes the event messages to an {@link EventStore} with their snapshots.
 * Every event carries the recording's path and the media offset of its best frame.
 *
 * <p>Event times: media time 0 is the file's {@code creation_time} tag when it has one, else its
 * last-modified time minus its duration (a recorder finishes a file when the recording ends). The
 * same file analysed again with the same settings gives the same event ids, so the store updates
 * those events instead of adding copies.
 *
 * <p>For {@code bin/maskwatch analyze}, which runs it outside OSGi; the package is not exported. Not
 * thread-safe: one recording at a time.
 */
public final class RecordingAnalyzer {

    /** What an analysis reports, on the analysing thread. */
    public interface Listener {
        /** Each event message as stored (with its snapshot path). */
        void event(MaskEvent e);

        /** Each analysed frame with its pixels: packed BGR, a copy the listener may keep. */
        default void frame(FrameAnalysis analysis, byte[] bgr) {
        }

        /** After each frame: media seconds analysed and the file's duration (NaN when unknown). */
        default void progress(double mediaSeconds, double durationSeconds) {
        }
    }

    /** One analysed recording. */
    public record Summary(RecordingDecoder.Info info, long frames, long events, double lastMediaSeconds,
            RecordingDecoder.Stats decoding) {
    }

    private final CameraSettings settings;
    private final MaskDetector detector;
    private final EventStore store;

    public RecordingAnalyzer(CameraSettings settings, MaskDetector detector, EventStore store) {
        this.settings = settings;
        this.detector = detector;
        this.store = store;
    }

    /**
     * The settings of a camera analysing {@code file} at {@code fps}, every other value at the camera
     * defaults (README, Configuration).
     *
     * @throws IllegalArgumentException naming the field, for a bad id or fps
     */
    public static CameraSettings settings(String camera, Path file, double fps) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", camera);
        p.put("source", file.toString());
        p.put("fps", fps);
        return CameraSettings.parse(p);
    }

    /**
     * Analyses one file. Events still open at the end (or at a failure) are ended and stored.
     *
     * @throws SourceException the file cannot be opened or decoded, or ends well before its stated
     *                         duration (truncated); the message is one line without the file name
     */
    public Summary analyze(Path file, Listener listener) throws SourceException, InterruptedException {
        Path path = file.toAbsolutePath().normalize();
        String recording = path.toString();
        FrameAnalyzer analyzer = new FrameAnalyzer(settings, recording);
        long[] events = new long[1];
        Pipeline.Outputs outputs = new Pipeline.Outputs() {
            @Override
            public void frame(FrameAnalysis analysis) {
                // frames go to the listener with their pixels
            }

            @Override
            public String event(Incidents.Message m, boolean snapshots) {
                MaskEvent stored = store.write(m.event(), snapshots ? m.faceJpeg() : null, snapshots ? m.frameJpeg() : null);
                events[0]++;
                listener.event(stored);
                return stored.snapshot();
            }

            @Override
            public void compliance(String camera, Compliance.Minute minute) {
                // per-minute counts are for live cameras
            }
        };
        long frames = 0;
        double last = Double.NaN;
        RecordingDecoder decoder = new RecordingDecoder(path, settings.fps());
        try (RecordingReader reader = RecordingReader.open(decoder, info -> wallStart(path, info))) {
            double duration = reader.info().durationSeconds();
            try {
                VideoFrame f;
                while ((f = reader.take()) != null) {
                    try {
                        double media = f.mediaSeconds() == null ? frames / settings.fps() : f.mediaSeconds();
                        FrameAnalyzer.Result r = analyzer.analyze(f, settings, detector, (long) (media * 1e9), minute -> { });
                        listener.frame(r.analysis(), r.pixels());
                        for (Incidents.Message m : r.messages()) {
                            FrameAnalyzer.publish(m, outputs, settings.snapshotOnEvent());
                        }
                        frames++;
                        last = media;
                        listener.progress(media, duration);
                    } finally {
                        reader.release(f);
                    }
                }
            } finally {
                for (Incidents.Message m : analyzer.endAll()) {
                    FrameAnalyzer.publish(m, outputs, settings.snapshotOnEvent());
                }
            }
            if (!Double.isNaN(duration) && (Double.isNaN(last) || last < duration - 1 / settings.fps() - 1.0)) {
                throw new SourceException(String.format(Locale.ROOT, "video ends at %.1f s of its %.1f s: the file is truncated or damaged"
                        + " (events up to there are stored)", Double.isNaN(last) ? 0 : last, duration), true);
            }
            return new Summary(reader.info(), frames, events[0], last, reader.stats());
        }
    }

    /** Wall-clock time of media time 0: the creation_time tag, else last-modified minus duration. */
    static Instant wallStart(Path file, RecordingDecoder.Info info) {
        if (info.creationTime() != null) {
            return info.creationTime();
        }
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return Double.isNaN(info.durationSeconds()) ? modified : modified.minusMillis(Math.round(info.durationSeconds() * 1000));
        } catch (IOException e) {
            return Instant.now();
        }
    }
}
