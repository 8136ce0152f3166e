package io.maskwatch.events;

import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.time.Instant;

/** Test events. */
final class Events {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private Events() {
    }

    static MaskEvent event(String id, String camera, long track, Instant start, double score) {
        return new MaskEvent(EventType.START, id, camera, MaskLabel.NO_MASK, track, start, null, null,
                new PixelBox(10, 20, 110, 140), score, score, score, null, null);
    }

    static MaskEvent ended(MaskEvent e, Instant end) {
        return new MaskEvent(EventType.END, e.id(), e.camera(), e.label(), e.trackId(), e.startTime(), end,
                e.mediaOffsetSeconds(), e.box(), e.score(), e.peakScore(), e.meanScore(), null, e.recording());
    }

    static MaskEvent inRecording(MaskEvent e, String recording, double offset) {
        return new MaskEvent(e.type(), e.id(), e.camera(), e.label(), e.trackId(), e.startTime(), e.endTime(), offset,
                e.box(), e.score(), e.peakScore(), e.meanScore(), null, recording);
    }
}
