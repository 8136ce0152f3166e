package io.maskwatch.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A constant added to the no_mask logit, chosen on the validation split.
 *
 * <p>Training oversamples minority classes to a 50/50 balance and augments them heavily, so the
 * trained network assumes a class prior no camera has and leans towards no_mask. Adding a constant
 * to one logit moves the decision boundary without touching what the network has learnt (the
 * standard correction for a shifted label prior). The shift is chosen on val by the mean of the
 * per-dataset balanced accuracies, and folded into the classifier's bias, so the exported model,
 * its probabilities and every consumer see the corrected decision.
 *
 * <p>Val sets are small (a few dozen no_mask faces in some datasets), so the best shift often wins
 * by one or two faces, and such shifts were measured not to carry over to test. The rule is
 * therefore the one-standard-error rule: the smallest shift whose score is within one standard
 * error of the best score.
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
     * The smallest shift (in absolute value) whose val score is within one standard error of the
     * best shift's score; an already balanced model keeps 0.
     */
    static LogitShift choose(List<TrainCommand.Prepared> samples, float[][] probs, int noMask) {
        if (samples.isEmpty()) {
            return NONE;
        }
        List<Score> scores = new ArrayList<>();
        scores.add(score(samples, probs, noMask, 0));
        int steps = (int) Math.round((MAX - MIN) / STEP);
        for (int i = 0; i <= steps; i++) {
            scores.add(score(samples, probs, noMask, MIN + i * STEP));
        }
        Score best = scores.stream().max(Comparator.comparingDouble(Score::mean)).orElseThrow();
        double good = best.mean() - best.standardError() - 1e-12;
        Score chosen = scores.stream().filter(c -> c.mean() >= good)
                .min(Comparator.comparingDouble((Score c) -> Math.abs(c.shift())).thenComparing(Score::mean, Comparator.reverseOrder()))
                .orElseThrow();
        return new LogitShift(Math.round(chosen.shift() * 1000) / 1000.0, scores.getFirst().mean(), chosen.mean());
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
        return score(samples, probs, noMask, shift).mean();
    }

    /**
     * The mean per-dataset balanced accuracy at one shift, and its standard error, from each
     * dataset's {@link ClassificationReport#balancedAccuracyStandardError()}.
     */
    static Score score(List<TrainCommand.Prepared> samples, float[][] probs, int noMask, double shift) {
        Set<String> datasets = new LinkedHashSet<>();
        samples.forEach(p -> datasets.add(p.dataset()));
        int classes = probs[0].length;
        double sum = 0;
        double variance = 0;
        for (String ds : datasets) {
            long[][] confusion = new long[classes][classes];
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).dataset().equals(ds)) {
                    confusion[samples.get(i).label()][predict(probs[i], noMask, shift)]++;
                }
            }
            ClassificationReport report = new ClassificationReport(Collections.nCopies(classes, ""), confusion);
            sum += report.balancedAccuracy();
            variance += Math.pow(report.balancedAccuracyStandardError(), 2);
        }
        int d = datasets.size();
        return new Score(shift, sum / d, Math.sqrt(variance) / d);
    }

    /** One candidate shift's val score. */
    record Score(double shift, double mean, double standardError) {
    }
}
