package io.maskwatch.api;

/** Connection state of a camera's pipeline. */
public enum CameraState {
    /** Opening the source for the first time. */
    CONNECTING,
    /** Frames are being decoded and analysed. */
    RUNNING,
    /** The source failed; the pipeline retries on its backoff ladder. */
    RECONNECTING,
    /** The source cannot work as configured (bad URL scheme, unreadable file, not video); no retry until reconfigured. */
    ERROR,
    /** Disabled or shut down. */
    STOPPED
}
