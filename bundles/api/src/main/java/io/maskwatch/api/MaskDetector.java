package io.maskwatch.api;

import java.util.List;

/**
 * Finds the faces in a frame and labels each one. Implementations are thread-safe: several
 * cameras may call {@link #detect} at once.
 */
public interface MaskDetector {

    /**
     * Detects and classifies every face in the frame. All faces of one frame are classified in
     * one batch. The frame's pixels are read during the call only.
     *
     * @return detections in pixels of {@code frame}, highest score first
     */
    List<Detection> detect(BgrFrame frame);

    /**
     * As {@link #detect(BgrFrame)}, for faces at least {@code minFacePixels} tall or wide. A camera
     * that only needs larger faces saves the work of searching for small ones; an implementation
     * that cannot narrow its search filters its results instead.
     */
    default List<Detection> detect(BgrFrame frame, double minFacePixels) {
        return detect(frame).stream()
                .filter(d -> Math.max(d.box().width(), d.box().height()) >= minFacePixels)
                .toList();
    }
}
