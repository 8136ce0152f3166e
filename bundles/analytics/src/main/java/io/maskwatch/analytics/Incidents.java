package io.maskwatch.analytics;

import io.maskwatch.api.Detection;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The no_mask event lifecycle of one camera, like Frigate's new/update/end: an event starts when a
 * track's smoothed state turns non-compliant, is updated (at most once a second) when a better frame of
 * it is seen, and ends when the track is lost or is seen masked. After an event ends, a new one for the
 * same track is held back for the cooldown, and so is one for a new track at the place where a lost
 * face was (the tracker re-finding the same person under a new id). Not thread-safe: owned by the camera's
 * analytics thread.
 */
final class Incidents {

    /** What the frame being analysed looks like, for snapshots. */
    @FunctionalInterface
    interface Snapshots {
        /** JPEGs of the best frame: [face crop, full frame with the box]; either may be null. */
        byte[][] take(PixelBox box, MaskLabel label);
    }

    /** When and where the frame being analysed is. */
    record FrameTime(Instant wall, Double mediaSeconds, long nanos) {
    }

    /** One message, with the JPEGs of a new best frame (START and improving UPDATEs), else nulls. */
    record Message(MaskEvent event, byte[] faceJpeg, byte[] frameJpeg, Open incident) {
    }

    static final long UPDATE_INTERVAL_NANOS = 1_000_000_000L;
    static final double MIN_IMPROVEMENT = 0.01;

    /** An event in progress. */
    static final class Open {
        final String id;
        final long trackId;
        final Instant start;
        MaskLabel label;
        PixelBox bestBox;
        double bestScore;
        Double bestMedia;
        double peak;
        double sum;
        int n;
        Instant lastSeen;
        long lastMessageNanos;
        String snapshot;

        Open(String id, long trackId, Instant start) {
            this.id = id;
            this.trackId = trackId;
            this.start = start;
        }
    }

    /** A finished event; {@code lost}: its face vanished rather than being seen masked. */
    private record Ended(long trackId, PixelBox box, Instant end, boolean lost) {
    }

    private final String camera;
    private final String recording;
    private final Map<Long, Open> open = new HashMap<>();
    private final ArrayDeque<Ended> recent = new ArrayDeque<>();
    private Duration cooldown;

    Incidents(String camera, String recording, int cooldownSeconds) {
        this.camera = camera;
        this.recording = recording;
        this.cooldown = Duration.ofSeconds(cooldownSeconds);
    }

    void cooldownSeconds(int s) {
        cooldown = Duration.ofSeconds(s);
    }

    int openCount() {
        return open.size();
    }

    List<Message> update(List<Tracker.Track> live, List<Tracker.Track> ended, FrameTime t, Snapshots snaps) {
        List<Message> out = new ArrayList<>();
        for (Tracker.Track tr : ended) {
            Open o = open.remove(tr.id);
            if (o != null) {
                out.add(end(o, tr.last.box(), true));
            }
        }
        for (Tracker.Track tr : live) {
            if (!tr.seenNow()) {
                continue;
            }
            Open o = open.get(tr.id);
            Detection d = tr.last;
            if (tr.debounce.nonCompliant()) {
                if (o == null) {
                    if (!coolingDown(tr.id, d.box(), t.wall())) {
                        out.add(start(tr, d, t, snaps));
                    }
                } else {
                    improve(o, d, tr.debounce.lastObservation(), t, snaps, out);
                }
            } else if (o != null && tr.debounce.settled()) {
                open.remove(tr.id);
                out.add(end(o, d.box(), false));
            }
        }
        return out;
    }

    /** Ends every open event, e.g. when the camera stops or the file ends. */
    List<Message> endAll() {
        List<Message> out = new ArrayList<>();
        for (Open o : open.values()) {
            out.add(end(o, o.bestBox, true));
        }
        open.clear();
        return out;
    }

    private boolean coolingDown(long trackId, PixelBox box, Instant now) {
        for (Iterator<Ended> it = recent.iterator(); it.hasNext(); ) {
            Ended e = it.next();
            if (Duration.between(e.end, now).compareTo(cooldown) >= 0) {
                it.remove();
            } else if (e.trackId == trackId || e.lost && e.box.iou(box) >= Tracker.MIN_IOU) {
                return true;
            }
        }
        return false;
    }

    private Message start(Tracker.Track tr, Detection d, FrameTime t, Snapshots snaps) {
        Open o = new Open(camera + "-" + t.wall().toEpochMilli() + "-" + tr.id, tr.id, t.wall());
        o.label = nonCompliantLabel(d);
        o.lastSeen = t.wall();
        open.put(tr.id, o);
        accumulate(o, d);
        return best(o, d, t, snaps, EventType.START);
    }

    /** Whether one frame's detection counts as breaking the mask rule, before smoothing. */
    static boolean nonCompliant(Detection d, double noMaskThreshold) {
        return d.nonCompliantProb() >= noMaskThreshold;
    }

    /**
     * The label an event or overlay reports for a face that counts as non-compliant: its own, or no_mask
     * when the face passed the threshold on the sum of the non-compliant classes while mask was the single
     * most probable one (a three-class model, or a threshold under 0.5).
     */
    static MaskLabel nonCompliantLabel(Detection d) {
        return d.label().isNonCompliant() ? d.label() : MaskLabel.NO_MASK;
    }

    /** Scores of an event come from the frames that counted as non-compliant on their own. */
    private void improve(Open o, Detection d, boolean nonCompliantNow, FrameTime t, Snapshots snaps, List<Message> out) {
        o.lastSeen = t.wall();
        if (!nonCompliantNow) {
            return;
        }
        accumulate(o, d);
        if (d.nonCompliantScore() > o.bestScore + MIN_IMPROVEMENT && t.nanos() - o.lastMessageNanos >= UPDATE_INTERVAL_NANOS) {
            out.add(best(o, d, t, snaps, EventType.UPDATE));
        }
    }

    private static void accumulate(Open o, Detection d) {
        o.peak = Math.max(o.peak, d.nonCompliantScore());
        o.sum += d.nonCompliantScore();
        o.n++;
    }

    private Message best(Open o, Detection d, FrameTime t, Snapshots snaps, EventType type) {
        o.bestBox = d.box();
        o.bestScore = d.nonCompliantScore();
        o.bestMedia = t.mediaSeconds();
        o.lastMessageNanos = t.nanos();
        byte[][] jpegs = snaps.take(d.box(), o.label);
        return new Message(event(o, type, null), jpegs[0], jpegs[1], o);
    }

    private Message end(Open o, PixelBox lastBox, boolean lost) {
        recent.add(new Ended(o.trackId, lastBox, o.lastSeen, lost));
        return new Message(event(o, EventType.END, o.lastSeen), null, null, o);
    }

    private MaskEvent event(Open o, EventType type, Instant end) {
        return new MaskEvent(type, o.id, camera, o.label, o.trackId, o.start, end, o.bestMedia, o.bestBox, o.bestScore,
                o.peak, o.n == 0 ? 0 : o.sum / o.n, o.snapshot, recording);
    }
}
