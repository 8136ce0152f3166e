package io.maskwatch.api;

/**
 * Whiteboard service: register one to receive every camera's overlays and events. Calls come from
 * the camera's analytics thread and must return quickly; a listener that throws is logged and
 * does not affect the camera or other listeners. The service property {@code camera} (a String or
 * String[]) limits delivery to those cameras.
 */
public interface MaskAnalyticsListener {

    /** Overlays for every analysed frame. */
    default void frameAnalyzed(FrameAnalysis analysis) {
    }

    /** START, UPDATE and END messages of no_mask events. */
    default void maskEvent(MaskEvent event) {
    }
}
