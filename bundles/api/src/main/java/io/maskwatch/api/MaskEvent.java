package io.maskwatch.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A non-compliance event for one tracked face: it starts when the track's smoothed state becomes
 * {@code no_mask} (or {@code mask_incorrect}), is updated while it lasts, and ends when the face
 * leaves or is masked. Every message of one event carries the same {@code id}, so stores upsert
 * by id.
 *
 * @param type               lifecycle stage of this message
 * @param id                 stable id of the event (not of the message)
 * @param camera             camera id from the configuration
 * @param label              the non-compliant label
 * @param trackId            the tracker's id of the face within the camera
 * @param startTime          wall-clock time of the first frame of the event (UTC)
 * @param endTime            wall-clock time of the last frame, null until the END message
 * @param mediaOffsetSeconds seconds from the start of the stream or file of the best frame, or null
 * @param box                box of the best frame, in pixels of that frame
 * @param score              score of the best frame (the one the snapshot shows)
 * @param peakScore          highest score over the event so far
 * @param meanScore          mean score over the event so far
 * @param snapshot           path of the best snapshot JPEG, or null
 * @param recording          path or URL of the recording the event was found in, or null for live
 */
public record MaskEvent(
        EventType type,
        String id,
        String camera,
        MaskLabel label,
        long trackId,
        Instant startTime,
        Instant endTime,
        Double mediaOffsetSeconds,
        PixelBox box,
        double score,
        double peakScore,
        double meanScore,
        String snapshot,
        String recording) {

    public MaskEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(box, "box");
    }

    public MaskEvent withSnapshot(String path) {
        return new MaskEvent(type, id, camera, label, trackId, startTime, endTime, mediaOffsetSeconds, box, score,
                peakScore, meanScore, path, recording);
    }
}
