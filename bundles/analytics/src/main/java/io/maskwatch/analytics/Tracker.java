package io.maskwatch.analytics;

import io.maskwatch.api.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Greedy IoU tracker: each frame, the detection/track pairs are matched best overlap first; a detection
 * left over starts a track, a track unmatched for more than {@code maxMissed} analysed frames ends.
 * Ids grow from 1 within a camera. Not thread-safe: owned by one analytics thread.
 */
final class Tracker {

    static final double MIN_IOU = 0.3;

    /** One face over time. */
    static final class Track {
        final long id;
        final Debounce debounce;
        Detection last;
        int missed;

        Track(long id, Detection d, int debounceFrames) {
            this.id = id;
            this.last = d;
            this.debounce = new Debounce(debounceFrames);
        }

        boolean seenNow() {
            return missed == 0;
        }
    }

    private final List<Track> tracks = new ArrayList<>();
    private final int maxMissed;
    private long nextId = 1;

    Tracker(int maxMissed) {
        this.maxMissed = maxMissed;
    }

    /**
     * Matches this frame's detections.
     *
     * @param ended receives the tracks that ended with this frame
     * @return the live tracks; those seen in this frame have {@code missed == 0}
     */
    List<Track> update(List<Detection> detections, int debounceFrames, List<Track> ended) {
        record Pair(int track, int det, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            for (int d = 0; d < detections.size(); d++) {
                double iou = tracks.get(t).last.box().iou(detections.get(d).box());
                if (iou >= MIN_IOU) {
                    pairs.add(new Pair(t, d, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] trackUsed = new boolean[tracks.size()];
        boolean[] detUsed = new boolean[detections.size()];
        for (Pair p : pairs) {
            if (!trackUsed[p.track] && !detUsed[p.det]) {
                trackUsed[p.track] = true;
                detUsed[p.det] = true;
                Track t = tracks.get(p.track);
                t.last = detections.get(p.det);
                t.missed = 0;
            }
        }
        for (int t = 0; t < trackUsed.length; t++) {
            if (!trackUsed[t]) {
                tracks.get(t).missed++;
            }
        }
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (t.missed > maxMissed) {
                it.remove();
                ended.add(t);
            }
        }
        for (int d = 0; d < detections.size(); d++) {
            if (!detUsed[d]) {
                tracks.add(new Track(nextId++, detections.get(d), debounceFrames));
            }
        }
        return List.copyOf(tracks);
    }

    /** Ends every track, e.g. when the stream ends. */
    List<Track> clear() {
        List<Track> all = List.copyOf(tracks);
        tracks.clear();
        return all;
    }
}
