package io.maskwatch.api;

/**
 * One face to draw on a frame.
 *
 * @param trackId    the tracker's id, stable while the face stays in view
 * @param label      the smoothed label of the track
 * @param score      the confidence of the labelled detection in this frame
 * @param box        pixels of the analysed frame
 * @param normalized the same box as fractions of the frame
 */
public record Overlay(long trackId, MaskLabel label, double score, PixelBox box, NormalizedBox normalized) {
}
