package io.maskwatch.trainer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationReportTest {

    private static final double EPS = 1e-9;

    @Test
    void binaryReportMatchesHandComputedValues() {
        // 90 mask: 85 right, 5 called no_mask; 10 no_mask: 8 right, 2 called mask.
        ClassificationReport r = new ClassificationReport(List.of("mask", "no_mask"), new long[][] {{85, 5}, {2, 8}});
        assertEquals(85.0 / 87, r.precision(0), EPS);
        assertEquals(85.0 / 90, r.recall(0), EPS);
        assertEquals(8.0 / 13, r.precision(1), EPS);
        assertEquals(0.8, r.recall(1), EPS);
        double f0 = 2 * (85.0 / 87) * (85.0 / 90) / (85.0 / 87 + 85.0 / 90);
        double f1 = 2 * (8.0 / 13) * 0.8 / (8.0 / 13 + 0.8);
        assertEquals(f0, r.f1(0), EPS);
        assertEquals(f1, r.f1(1), EPS);
        assertEquals(0.93, r.accuracy(), EPS);
        assertEquals((f0 + f1) / 2, r.macroF1(), EPS);
        assertEquals((f0 * 90 + f1 * 10) / 100, r.weightedF1(), EPS);
        assertEquals((85.0 / 90 + 0.8) / 2, r.balancedAccuracy(), EPS);
        assertEquals(90, r.support(0));
        assertEquals(100, r.total());
    }

    @Test
    void accuracyNeverExceedsOne() {
        // The seed paper printed accuracies above 1.0; whatever the matrix, ours stay in [0, 1].
        ClassificationReport r = new ClassificationReport(List.of("a", "b", "c"), new long[][] {{5, 0, 0}, {0, 7, 0}, {0, 0, 9}});
        assertEquals(1.0, r.accuracy(), EPS);
        assertEquals(1.0, r.macroPrecision(), EPS);
        assertEquals(1.0, r.weightedRecall(), EPS);
    }

    @Test
    void classNeverPredictedHasZeroPrecisionNotNaN() {
        ClassificationReport r = new ClassificationReport(List.of("mask", "no_mask"), new long[][] {{10, 0}, {4, 0}});
        assertEquals(0.0, r.precision(1), EPS);
        assertEquals(0.0, r.f1(1), EPS);
        assertEquals(0.5, r.balancedAccuracy(), EPS);
        assertEquals(10.0 / 14, r.accuracy(), EPS);
    }

    @Test
    void balancedAccuracyIgnoresAbsentClasses() {
        ClassificationReport r = new ClassificationReport(List.of("mask", "no_mask", "mask_incorrect"),
                new long[][] {{9, 1, 0}, {2, 8, 0}, {0, 0, 0}});
        assertEquals((0.9 + 0.8) / 2, r.balancedAccuracy(), EPS);
    }

    @Test
    void macroAveragesLeaveOutAClassThatNeitherOccursNorIsPredicted() {
        // A three-class model on a two-class dataset: mask_incorrect has no faces and no predictions.
        ClassificationReport r = new ClassificationReport(List.of("mask", "no_mask", "mask_incorrect"),
                new long[][] {{9, 1, 0}, {2, 8, 0}, {0, 0, 0}});
        assertEquals((0.9 + 0.8) / 2, r.macroRecall(), EPS);
        assertEquals((9.0 / 11 + 8.0 / 9) / 2, r.macroPrecision(), EPS);
        // Predicted but absent from the truth: it stays in, with recall 0 and precision 0, as scikit-learn does.
        ClassificationReport wrong = new ClassificationReport(List.of("mask", "no_mask", "mask_incorrect"),
                new long[][] {{8, 1, 1}, {2, 8, 0}, {0, 0, 0}});
        assertEquals((0.8 + 0.8 + 0) / 3, wrong.macroRecall(), EPS);
    }

    @Test
    void balancedAccuracyStandardErrorTreatsEachRecallAsASmoothedBinomial() {
        // 90 mask with 85 right, 10 no_mask with 8 right; the absent third class does not count.
        ClassificationReport r = new ClassificationReport(List.of("mask", "no_mask", "mask_incorrect"),
                new long[][] {{85, 5, 0}, {2, 8, 0}, {0, 0, 0}});
        double p0 = 86.0 / 92, p1 = 9.0 / 12;
        assertEquals(Math.sqrt(p0 * (1 - p0) / 90 + p1 * (1 - p1) / 10) / 2, r.balancedAccuracyStandardError(), EPS);
        // A perfect recall is still uncertain on a few faces, and less so on many.
        double few = new ClassificationReport(List.of("a", "b"), new long[][] {{10, 0}, {0, 10}}).balancedAccuracyStandardError();
        double many = new ClassificationReport(List.of("a", "b"), new long[][] {{1000, 0}, {0, 1000}}).balancedAccuracyStandardError();
        assertTrue(few > 0.03 && many < 0.001 && many > 0, few + " / " + many);
    }

    @Test
    void reportGivesTheBalancedAccuracyInterval() {
        ClassificationReport r = new ClassificationReport(List.of("mask", "no_mask"), new long[][] {{85, 5}, {2, 8}});
        double margin = 1.96 * r.balancedAccuracyStandardError();
        String expected = String.format(java.util.Locale.ROOT, "balanced accuracy 95 %% interval %.4f-%.4f",
                r.balancedAccuracy() - margin, Math.min(1, r.balancedAccuracy() + margin));
        assertTrue(r.toText().contains(expected), r.toText());
        assertEquals(r.balancedAccuracyStandardError(),
                r.toJson(new com.fasterxml.jackson.databind.ObjectMapper()).get("balanced_accuracy_standard_error").asDouble(), EPS);
    }

    @Test
    void fromPredictionsBuildsTheMatrix() {
        ClassificationReport r = ClassificationReport.of(List.of("mask", "no_mask"),
                new int[] {0, 0, 1, 1, 1}, new int[] {0, 1, 1, 1, 0});
        assertEquals(1, r.confusion()[0][0]);
        assertEquals(1, r.confusion()[0][1]);
        assertEquals(1, r.confusion()[1][0]);
        assertEquals(2, r.confusion()[1][1]);
        assertTrue(r.toText().contains("weighted avg"));
        assertTrue(r.toText().contains("confusion matrix"));
    }

    @Test
    void rejectsMatrixOfWrongSize() {
        assertThrows(IllegalArgumentException.class,
                () -> new ClassificationReport(List.of("mask", "no_mask"), new long[][] {{1, 2, 3}, {4, 5, 6}}));
    }
}
