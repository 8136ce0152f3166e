package io.maskwatch.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * The paper's Table II computed from a confusion matrix: per-class precision, recall, F1 and
 * support, accuracy, macro and support-weighted averages, and balanced accuracy (mean recall).
 * Rows of the matrix are true classes, columns predicted.
 */
public final class ClassificationReport {

    private final List<String> labels;
    private final long[][] confusion;

    public ClassificationReport(List<String> labels, long[][] confusion) {
        if (confusion.length != labels.size()) {
            throw new IllegalArgumentException("confusion matrix has " + confusion.length + " rows for " + labels.size() + " labels");
        }
        for (long[] row : confusion) {
            if (row.length != labels.size()) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
        }
        this.labels = List.copyOf(labels);
        this.confusion = confusion;
    }

    public static ClassificationReport of(List<String> labels, int[] truth, int[] predicted) {
        long[][] m = new long[labels.size()][labels.size()];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return new ClassificationReport(labels, m);
    }

    public List<String> labels() {
        return labels;
    }

    public long[][] confusion() {
        return confusion;
    }

    public long support(int c) {
        long s = 0;
        for (long v : confusion[c]) {
            s += v;
        }
        return s;
    }

    public long total() {
        long s = 0;
        for (int c = 0; c < labels.size(); c++) {
            s += support(c);
        }
        return s;
    }

    /** Of everything predicted as c, the share that was c; 0 when nothing was predicted as c. */
    public double precision(int c) {
        long predicted = predicted(c);
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) confusion[c][c] / s;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < labels.size(); c++) {
            correct += confusion[c][c];
        }
        long t = total();
        return t == 0 ? 0 : (double) correct / t;
    }

    /** Mean recall over classes that occur: the figure that does not flatter a majority class. */
    public double balancedAccuracy() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < labels.size(); c++) {
            if (support(c) > 0) {
                sum += recall(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * The standard error of {@link #balancedAccuracy()}: each class recall is a binomial
     * proportion, Laplace-smoothed so that a perfect recall on a few faces still counts as
     * uncertain, and the balanced accuracy is their mean. On a held-out set with a hundred faces in
     * its smaller class this is about 0.01, as large as most differences between training runs.
     */
    public double balancedAccuracyStandardError() {
        double variance = 0;
        int n = 0;
        for (int c = 0; c < labels.size(); c++) {
            long s = support(c);
            if (s > 0) {
                double smoothed = (confusion[c][c] + 1.0) / (s + 2.0);
                variance += smoothed * (1 - smoothed) / s;
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt(variance) / n;
    }

    /**
     * The unweighted mean over the classes that occur, as truth or as prediction (scikit-learn's rule
     * when no label list is given). A three-class model's report on a two-class dataset would
     * otherwise average in a 0 for the class the data does not have.
     */
    private double macro(java.util.function.IntToDoubleFunction f) {
        double s = 0;
        int n = 0;
        for (int c = 0; c < labels.size(); c++) {
            if (support(c) > 0 || predicted(c) > 0) {
                s += f.applyAsDouble(c);
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    private long predicted(int c) {
        long p = 0;
        for (long[] row : confusion) {
            p += row[c];
        }
        return p;
    }

    private double weighted(java.util.function.IntToDoubleFunction f) {
        long t = total();
        if (t == 0) {
            return 0;
        }
        double s = 0;
        for (int c = 0; c < labels.size(); c++) {
            s += f.applyAsDouble(c) * support(c);
        }
        return s / t;
    }

    public double macroPrecision() {
        return macro(this::precision);
    }

    public double macroRecall() {
        return macro(this::recall);
    }

    public double macroF1() {
        return macro(this::f1);
    }

    public double weightedPrecision() {
        return weighted(this::precision);
    }

    public double weightedRecall() {
        return weighted(this::recall);
    }

    public double weightedF1() {
        return weighted(this::f1);
    }

    /** The text layout of scikit-learn's report, which is what the paper printed. */
    public String toText() {
        int w = Math.max(12, labels.stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder sb = new StringBuilder();
        String head = "%" + w + "s %9s %9s %9s %9s%n";
        String row = "%" + w + "s %9.4f %9.4f %9.4f %9d%n";
        sb.append(String.format(Locale.ROOT, head, "", "precision", "recall", "f1-score", "support"));
        sb.append('\n');
        for (int c = 0; c < labels.size(); c++) {
            sb.append(String.format(Locale.ROOT, row, labels.get(c), precision(c), recall(c), f1(c), support(c)));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%" + w + "s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy(), total()));
        sb.append(String.format(Locale.ROOT, row, "macro avg", macroPrecision(), macroRecall(), macroF1(), total()));
        sb.append(String.format(Locale.ROOT, row, "weighted avg", weightedPrecision(), weightedRecall(), weightedF1(), total()));
        sb.append(String.format(Locale.ROOT, "%" + w + "s %9s %9s %9.4f %9d%n", "balanced acc", "", "", balancedAccuracy(), total()));
        double margin = 1.96 * balancedAccuracyStandardError();
        sb.append(String.format(Locale.ROOT, "%nbalanced accuracy 95 %% interval %.4f-%.4f (1.96 standard errors; each class recall a binomial proportion)%n",
                Math.max(0, balancedAccuracy() - margin), Math.min(1, balancedAccuracy() + margin)));
        sb.append('\n').append("confusion matrix (rows: true, columns: predicted)\n");
        sb.append(String.format(Locale.ROOT, "%" + w + "s", ""));
        for (String l : labels) {
            sb.append(String.format(Locale.ROOT, " %9s", l));
        }
        sb.append('\n');
        for (int r = 0; r < labels.size(); r++) {
            sb.append(String.format(Locale.ROOT, "%" + w + "s", labels.get(r)));
            for (long v : confusion[r]) {
                sb.append(String.format(Locale.ROOT, " %9d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public ObjectNode toJson(ObjectMapper m) {
        ObjectNode root = m.createObjectNode();
        ArrayNode labelArr = root.putArray("labels");
        labels.forEach(labelArr::add);
        ObjectNode per = root.putObject("classes");
        for (int c = 0; c < labels.size(); c++) {
            ObjectNode o = per.putObject(labels.get(c));
            o.put("precision", precision(c));
            o.put("recall", recall(c));
            o.put("f1", f1(c));
            o.put("support", support(c));
        }
        root.put("accuracy", accuracy());
        root.put("balanced_accuracy", balancedAccuracy());
        root.put("balanced_accuracy_standard_error", balancedAccuracyStandardError());
        ObjectNode macro = root.putObject("macro_avg");
        macro.put("precision", macroPrecision());
        macro.put("recall", macroRecall());
        macro.put("f1", macroF1());
        ObjectNode weighted = root.putObject("weighted_avg");
        weighted.put("precision", weightedPrecision());
        weighted.put("recall", weightedRecall());
        weighted.put("f1", weightedF1());
        root.put("support", total());
        ArrayNode cm = root.putArray("confusion_matrix");
        for (long[] r : confusion) {
            ArrayNode a = cm.addArray();
            for (long v : r) {
                a.add(v);
            }
        }
        return root;
    }
}
