package io.maskwatch.api;

/**
 * One labelled face in a frame.
 *
 * @param box              where the face is, in pixels of the frame that was analysed
 * @param faceScore        the confidence that this is a face, 0..1: the face detector's, combined
 *                         with the classifier's when the classifier also judges that
 * @param label            the classifier's most probable class
 * @param labelProb        the classifier's probability of {@code label} given that this is a face, 0..1
 * @param score            the confidence of this labelled detection, used for ranking:
 *                         {@code faceScore * labelProb}
 * @param nonCompliantProb the classifier's probability that the face breaks the mask rule, 0..1:
 *                         every class but {@link MaskLabel#MASK} together. With a three-class model
 *                         this can pass a threshold that neither no_mask nor mask_incorrect passes
 *                         on its own, and it can exceed 0.5 while {@code label} is still mask.
 */
public record Detection(PixelBox box, double faceScore, MaskLabel label, double labelProb, double score, double nonCompliantProb) {

    public Detection {
        if (box == null || label == null) {
            throw new NullPointerException("box and label are required");
        }
    }

    /** A two-class detection: the non-compliant probability follows from the label's. */
    public Detection(PixelBox box, double faceScore, MaskLabel label, double labelProb, double score) {
        this(box, faceScore, label, labelProb, score, twoClassNonCompliant(label, labelProb));
    }

    /** A detection from a two-class classifier (mask / no_mask), whose two probabilities add up to 1. */
    public static Detection of(PixelBox box, double faceScore, MaskLabel label, double labelProb) {
        return of(box, faceScore, label, labelProb, twoClassNonCompliant(label, labelProb));
    }

    /** A detection from any classifier; {@code nonCompliantProb} is 1 − p(mask). */
    public static Detection of(PixelBox box, double faceScore, MaskLabel label, double labelProb, double nonCompliantProb) {
        return new Detection(box, faceScore, label, labelProb, faceScore * labelProb, nonCompliantProb);
    }

    /** The confidence that this is a face breaking the mask rule: {@code faceScore * nonCompliantProb}. */
    public double nonCompliantScore() {
        return faceScore * nonCompliantProb;
    }

    private static double twoClassNonCompliant(MaskLabel label, double labelProb) {
        return label.isNonCompliant() ? labelProb : 1 - labelProb;
    }
}
