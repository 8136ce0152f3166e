package io.maskwatch.classifier;

import io.maskwatch.api.MaskLabel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classifier's probabilities for one face, in the model's label order.
 *
 * @param probs    the face labels' probabilities, summing to 1
 * @param faceProb the probability that the crop is a face at all: 1 for a model without a
 *                 {@value ModelInfo#NOT_FACE} output
 */
public record Prediction(List<MaskLabel> labels, float[] probs, float faceProb) {

    public Prediction {
        if (labels.size() != probs.length) {
            throw new IllegalArgumentException(probs.length + " probabilities for " + labels.size() + " labels");
        }
    }

    /** A prediction of a model that only labels faces. */
    public Prediction(List<MaskLabel> labels, float[] probs) {
        this(labels, probs, 1f);
    }

    /**
     * From the network's softmax output: the face labels' probabilities, then, when {@code notFace},
     * the not-face probability. The face labels are renormalised without it, so that they answer
     * "which label, if this is a face".
     */
    public static Prediction fromOutputs(List<MaskLabel> labels, float[] outputs, boolean notFace) {
        if (!notFace) {
            return new Prediction(labels, outputs);
        }
        int k = labels.size();
        float face = 0;
        for (int i = 0; i < k; i++) {
            face += outputs[i];
        }
        float[] p = new float[k];
        for (int i = 0; i < k; i++) {
            p[i] = face > 0 ? outputs[i] / face : 1f / k;
        }
        return new Prediction(labels, p, Math.min(1f, face));
    }

    /** The most probable label. */
    public MaskLabel label() {
        return labels.get(best());
    }

    /** The probability of {@link #label()}. */
    public float score() {
        return probs[best()];
    }

    /** The probability of {@code l}, 0 when the model does not know that label. */
    public float prob(MaskLabel l) {
        int i = labels.indexOf(l);
        return i < 0 ? 0f : probs[i];
    }

    /** The probability that the face breaks the mask rule: every non-compliant label together. */
    public float nonCompliantProb() {
        float sum = 0;
        for (int i = 0; i < probs.length; i++) {
            if (labels.get(i).isNonCompliant()) {
                sum += probs[i];
            }
        }
        return sum;
    }

    public Map<MaskLabel, Float> asMap() {
        Map<MaskLabel, Float> m = new LinkedHashMap<>();
        for (int i = 0; i < probs.length; i++) {
            m.put(labels.get(i), probs[i]);
        }
        return m;
    }

    private int best() {
        int b = 0;
        for (int i = 1; i < probs.length; i++) {
            if (probs[i] > probs[b]) {
                b = i;
            }
        }
        return b;
    }
}
