package io.maskwatch.api;

import java.util.List;
import java.util.Optional;

/**
 * Durable, searchable storage of mask events. Thread-safe.
 */
public interface EventStore {

    /**
     * Stores a message of an event, replacing what is stored under its id (an upsert), with its
     * snapshots if any. When this returns, the event survives a crash of the process.
     *
     * @param event         the event message
     * @param faceJpeg      JPEG of the face crop, or null
     * @param frameJpeg     JPEG of the full frame with the box drawn, or null
     * @return the event as stored (with {@code snapshot} set to the stored path when a snapshot was given)
     */
    MaskEvent write(MaskEvent event, byte[] faceJpeg, byte[] frameJpeg);

    Optional<MaskEvent> get(String id);

    List<MaskEvent> search(EventQuery query);

    /** How many stored events match, ignoring limit and offset. */
    long count(EventQuery query);

    /** The stored snapshot of an event: the face crop or the full frame. */
    Optional<byte[]> snapshot(String id, boolean fullFrame);
}
