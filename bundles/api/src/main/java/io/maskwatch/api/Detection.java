package io.maskwatch.api;

/**
 * One labelled face in a frame.
 *
 * @param box       where the face is, in pixels of the frame that was analysed
 * @param faceScore the face detector's confidence that this is a face, 0..1
 * @param label     the classifier's most probable class
 * @param labelProb the classifier's probability of {@code label}, 0..1
 * @param score     the confidence of this labelled detection, used for ranking:
 *                  {@code faceScore * labelProb}
 */
public record Detection(PixelBox box, double faceScore, MaskLabel label, double labelProb, double score) {

    public Detection {
        if (box == null || label == null) {
            throw new NullPointerException("box and label are required");
        }
    }

    public static Detection of(PixelBox box, double faceScore, MaskLabel label, double labelProb) {
        return new Detection(box, faceScore, label, labelProb, faceScore * labelProb);
    }
}
