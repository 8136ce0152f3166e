package io.maskwatch.api;

import java.time.Instant;

/**
 * A camera pipeline's health, as shown by the host, the REST API and metrics.
 *
 * @param camera          camera id
 * @param name            display name
 * @param state           connection state
 * @param reason          why the camera is in this state (readable one line), or null when RUNNING
 * @param fpsIn           decoded frames per second over the last seconds
 * @param fpsOut          analysed frames per second over the last seconds
 * @param framesDecoded   frames decoded since the pipeline started
 * @param framesAnalyzed  frames analysed since the pipeline started
 * @param framesDropped   decoded frames replaced in the latest-frame slot before analysis took them
 * @param inferenceMillis mean detection time per analysed frame over the last seconds
 * @param lastError       the most recent error message, or null
 * @param lastErrorTime   when it happened, or null
 * @param updated         when this status was computed
 */
public record CameraStatus(
        String camera,
        String name,
        CameraState state,
        String reason,
        double fpsIn,
        double fpsOut,
        long framesDecoded,
        long framesAnalyzed,
        long framesDropped,
        double inferenceMillis,
        String lastError,
        Instant lastErrorTime,
        Instant updated) {
}
