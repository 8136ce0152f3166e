package io.maskwatch.classifier;

import io.maskwatch.api.MaskLabel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The classifier's probabilities for one face, in the model's label order. */
public record Prediction(List<MaskLabel> labels, float[] probs) {

    public Prediction {
        if (labels.size() != probs.length) {
            throw new IllegalArgumentException(probs.length + " probabilities for " + labels.size() + " labels");
        }
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
