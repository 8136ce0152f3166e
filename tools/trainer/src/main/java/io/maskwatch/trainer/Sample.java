package io.maskwatch.trainer;

import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;

import java.nio.file.Path;

/**
 * One face to learn from or evaluate on.
 *
 * @param key   stable name for file lists: dataset name, path inside it, and for a box its index
 * @param image the image file
 * @param label the class
 * @param face  the face box for a whole photo (cropped with {@code FaceCrop.square}), or
 *              {@code null} when the image already is a face crop
 */
public record Sample(String key, Path image, MaskLabel label, PixelBox face) {
}
