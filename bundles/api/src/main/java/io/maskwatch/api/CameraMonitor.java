package io.maskwatch.api;

import java.util.List;
import java.util.Optional;

/** Read-only view of the running camera pipelines, for the REST API, metrics and consoles. Thread-safe. */
public interface CameraMonitor {

    /** Every configured camera, enabled or not, ordered by id. */
    List<CameraStatus> statuses();

    Optional<CameraStatus> status(String camera);

    /** The latest analysed frame of a running camera, annotated; empty before the first one. */
    Optional<AnnotatedFrame> latestFrame(String camera);
}
