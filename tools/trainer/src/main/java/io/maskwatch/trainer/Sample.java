package io.maskwatch.trainer;

import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;

import java.nio.file.Path;

/**
 * One face, or one detector candidate that is not a face, to learn from or evaluate on.
 *
 * @param key   stable name for file lists: dataset name, path inside it, and for a box its index
 * @param image the image file
 * @param label the class, or {@code null} for a candidate that is not a face ({@link NotFaces})
 * @param face  the face box for a whole photo (cropped with {@code FaceCrop.square}), or
 *              {@code null} when the image already is a face crop
 */
public record Sample(String key, Path image, MaskLabel label, PixelBox face) {

    /** A box the face detector found where no face is annotated. */
    static Sample notFace(String key, Path image, PixelBox box) {
        return new Sample(key, image, null, box);
    }

    boolean isFace() {
        return label != null;
    }

    /** The class name the network's output uses: the label's wire name, or {@value NotFaces#LABEL}. */
    String className() {
        return isFace() ? label.wireName() : NotFaces.LABEL;
    }
}
