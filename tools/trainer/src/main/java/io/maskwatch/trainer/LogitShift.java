package io.maskwatch.trainer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A constant added to the no_mask logit, chosen on the validation split.
 *
 * <p>Training oversamples minority classes to a 50/50 balance and augments them heavily, so the
 * trained network assumes a class prior no camera has and leans towards no_mask. Adding a constant
 * to one logit moves the decision boundary without touching what the network has learnt (the
 * standard correction for a shifted label prior). The shift that maximises the mean of the
 * per-dataset balanced accuracies on val is folded into the classifier's bias, so the exported
 * model, its probabilities and every consumer see the corrected decision.
 *
 * @param shift     added to the no_mask logit; negative means no_mask needs more evidence
 * @param valBefore mean per-dataset balanced accuracy on val without the shift
 * @param valAfter  the same with the shift
 */
record LogitShift(double shift, double valBefore, double valAfter) {

    static final double MIN = -3.0;
    static final double MAX = 3.0;
    static final double STEP = 0.05;

    static final LogitShift NONE = new LogitShift(0, Double.NaN, Double.NaN);

    /**
     * The best shift on these validation predictions; ties go to the smallest shift, so an
     * already balanced model keeps 0.
     */
    static LogitShift choose(List<TrainCommand.Prepared> samples, float[][] probs, int noMask) {
        if (samples.isEmpty()) {
            return NONE;
        }
        double before = meanBalancedAccuracy(samples, probs, noMask, 0);
        double best = 0;
        double bestScore = before;
        int steps = (int) Math.round((MAX - MIN) / STEP);
        for (int i = 0; i <= steps; i++) {
            double s = MIN + i * STEP;
            double score = meanBalancedAccuracy(samples, probs, noMask, s);
            if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && Math.abs(s) < Math.abs(best))) {
                best = s;
                bestScore = score;
            }
        }
        return new LogitShift(Math.round(best * 1000) / 1000.0, before, bestScore);
    }

    /** The class the shifted logits pick: adding s to a logit multiplies its probability by e^s before normalising. */
    static int predict(float[] probs, int noMask, double shift) {
        int best = 0;
        double bestLogit = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < probs.length; c++) {
            double logit = Math.log(Math.max(1e-30, probs[c])) + (c == noMask ? shift : 0);
            if (logit > bestLogit) {
                bestLogit = logit;
                best = c;
            }
        }
        return best;
    }

    static double meanBalancedAccuracy(List<TrainCommand.Prepared> samples, float[][] probs, int noMask, double shift) {
        Set<String> datasets = new LinkedHashSet<>();
        samples.forEach(p -> datasets.add(p.dataset()));
        List<Double> perDataset = new ArrayList<>();
        for (String ds : datasets) {
            int classes = probs[0].length;
            long[] seen = new long[classes];
            long[] right = new long[classes];
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).dataset().equals(ds)) {
                    int truth = samples.get(i).label();
                    seen[truth]++;
                    right[truth] += predict(probs[i], noMask, shift) == truth ? 1 : 0;
                }
            }
            double sum = 0;
            int present = 0;
            for (int c = 0; c < classes; c++) {
                if (seen[c] > 0) {
                    sum += (double) right[c] / seen[c];
                    present++;
                }
            }
            perDataset.add(sum / present);
        }
        return perDataset.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
