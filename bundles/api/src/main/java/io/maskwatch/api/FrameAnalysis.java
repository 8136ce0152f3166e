package io.maskwatch.api;

import java.time.Instant;
import java.util.List;

/**
 * What the analytic saw in one analysed frame: every face with its track and label, for drawing.
 *
 * @param camera             camera id
 * @param frameNumber        sequence number of the decoded frame within the current connection
 * @param time               wall-clock time of the frame (UTC)
 * @param mediaOffsetSeconds seconds from the start of the stream or file, or null if unknown
 * @param width              frame width in pixels
 * @param height             frame height in pixels
 * @param inferenceMillis    time the detector took on this frame
 * @param faces              faces in the frame
 */
public record FrameAnalysis(String camera, long frameNumber, Instant time, Double mediaOffsetSeconds, int width, int height,
        double inferenceMillis, List<Overlay> faces) {

    public FrameAnalysis {
        faces = List.copyOf(faces);
    }
}
