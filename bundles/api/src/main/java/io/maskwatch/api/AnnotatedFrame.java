package io.maskwatch.api;

/**
 * The most recent analysed frame of a camera with its overlays burned in, for live views.
 *
 * @param analysis what was found in the frame
 * @param jpeg     the frame as JPEG with boxes and labels drawn
 */
public record AnnotatedFrame(FrameAnalysis analysis, byte[] jpeg) {
}
