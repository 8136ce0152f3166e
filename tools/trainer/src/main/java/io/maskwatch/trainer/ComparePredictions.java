package io.maskwatch.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.ImageResampling;
import io.maskwatch.cli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compare-predictions A.jsonl B.jsonl}: is model B better than model A on the same faces?
 * Both files come from {@code evaluate-classifier --predictions}. Each model's balanced accuracy
 * has an interval of its own, but two models scored on the same faces err on many of the same
 * ones, so their difference is far more precise than the two intervals suggest. This resamples the
 * images once per round for both models (a paired bootstrap) and gives the difference's interval.
 */
final class ComparePredictions {

    static final long SEED = 853;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LABELS = Arrays.stream(MaskLabel.values()).map(MaskLabel::wireName).toList();

    /** One face as both models saw it. */
    record Face(String image, int truth, int labelA, int labelB) {
    }

    /** The figures compare-predictions prints. */
    record Comparison(int faces, int images, double balancedA, double balancedB, ImageResampling.Interval difference,
                      int onlyARight, int onlyBRight) {

        double differenceBMinusA() {
            return balancedB - balancedA;
        }
    }

    private ComparePredictions() {
    }

    static void run(Args a, PrintStream out) throws IOException {
        if (a.positionals().size() != 2) {
            throw new UsageException("give two prediction files: compare-predictions A.jsonl B.jsonl (from evaluate-classifier --predictions)");
        }
        Path fileA = Path.of(a.positionals().get(0));
        Path fileB = Path.of(a.positionals().get(1));
        Comparison c = compare(pair(read(fileA), read(fileB), fileA, fileB));
        if (a.flag("--json")) {
            ObjectNode root = JSON.createObjectNode();
            root.put("a", fileA.toString());
            root.put("b", fileB.toString());
            root.put("faces", c.faces());
            root.put("images", c.images());
            root.put("balanced_accuracy_a", c.balancedA());
            root.put("balanced_accuracy_b", c.balancedB());
            root.put("difference", c.differenceBMinusA());
            root.putArray("difference_interval").add(c.difference().low()).add(c.difference().high());
            root.put("only_a_right", c.onlyARight());
            root.put("only_b_right", c.onlyBRight());
            out.println(JSON.writeValueAsString(root));
            return;
        }
        out.printf(Locale.ROOT, "%d faces in %d images, the same truth in both files%n", c.faces(), c.images());
        out.printf(Locale.ROOT, "balanced accuracy  A %.4f  (%s)%n", c.balancedA(), fileA);
        out.printf(Locale.ROOT, "                   B %.4f  (%s)%n", c.balancedB(), fileB);
        out.printf(Locale.ROOT, "B - A %+.4f, 95 %% interval %+.4f to %+.4f (paired: %d draws of the images, the same draw for both)%n",
                c.differenceBMinusA(), c.difference().low(), c.difference().high(), ImageResampling.ROUNDS);
        out.printf(Locale.ROOT, "faces only A gets right: %d, only B gets right: %d%n", c.onlyARight(), c.onlyBRight());
        out.println(c.onlyARight() == 0 && c.onlyBRight() == 0 ? "A and B get the same faces right"
                : c.difference().low() > 0 ? "B is better on this set"
                : c.difference().high() < 0 ? "A is better on this set"
                : "this set cannot tell A and B apart");
    }

    static Comparison compare(List<Face> faces) {
        Map<String, long[][][]> byImage = new LinkedHashMap<>();
        int onlyA = 0;
        int onlyB = 0;
        for (Face f : faces) {
            long[][][] m = byImage.computeIfAbsent(f.image(), k -> new long[2][LABELS.size()][LABELS.size()]);
            m[0][f.truth()][f.labelA()]++;
            m[1][f.truth()][f.labelB()]++;
            boolean rightA = f.labelA() == f.truth();
            boolean rightB = f.labelB() == f.truth();
            onlyA += rightA && !rightB ? 1 : 0;
            onlyB += rightB && !rightA ? 1 : 0;
        }
        Map<String, Integer> once = new LinkedHashMap<>();
        byImage.keySet().forEach(image -> once.put(image, 1));
        double balancedA = balanced(byImage, once, 0);
        double balancedB = balanced(byImage, once, 1);
        ImageResampling.Interval difference = new ImageResampling(List.copyOf(byImage.keySet()), SEED)
                .interval(copies -> balanced(byImage, copies, 1) - balanced(byImage, copies, 0));
        return new Comparison(faces.size(), byImage.size(), balancedA, balancedB, difference, onlyA, onlyB);
    }

    /** Balanced accuracy of one model over the drawn images, each counted as often as it was drawn. */
    private static double balanced(Map<String, long[][][]> byImage, Map<String, Integer> copies, int model) {
        long[][] sum = new long[LABELS.size()][LABELS.size()];
        copies.forEach((image, n) -> {
            long[][] m = byImage.get(image)[model];
            for (int t = 0; t < sum.length; t++) {
                for (int p = 0; p < sum.length; p++) {
                    sum[t][p] += n * m[t][p];
                }
            }
        });
        return new ClassificationReport(LABELS, sum).balancedAccuracy();
    }

    /** The faces of both files, matched by key; refuses files that do not describe the same faces. */
    static List<Face> pair(Map<String, JsonNode> a, Map<String, JsonNode> b, Path fileA, Path fileB) {
        if (!a.keySet().equals(b.keySet())) {
            long missing = a.keySet().stream().filter(k -> !b.containsKey(k)).count()
                    + b.keySet().stream().filter(k -> !a.containsKey(k)).count();
            throw new UsageException(fileA + " and " + fileB + " do not list the same faces (" + missing
                    + " keys in only one of them); write both with evaluate-classifier --predictions on the same --data and --split");
        }
        List<Face> faces = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : a.entrySet()) {
            JsonNode x = e.getValue();
            JsonNode y = b.get(e.getKey());
            String truth = x.path("truth").asText();
            if (!truth.equals(y.path("truth").asText())) {
                throw new UsageException("face " + e.getKey() + " is '" + truth + "' in " + fileA + " but '"
                        + y.path("truth").asText() + "' in " + fileB + "; compare predictions of the same dataset");
            }
            faces.add(new Face(x.path("image").asText(e.getKey()), index(truth, e.getKey()),
                    index(x.path("label").asText(), e.getKey()), index(y.path("label").asText(), e.getKey())));
        }
        if (faces.isEmpty()) {
            throw new UsageException(fileA + " holds no predictions");
        }
        return faces;
    }

    private static int index(String label, String key) {
        try {
            return MaskLabel.parse(label).ordinal();
        } catch (IllegalArgumentException e) {
            throw new UsageException("face " + key + ": " + e.getMessage());
        }
    }

    /** The lines of one prediction file by key. */
    static Map<String, JsonNode> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no prediction file " + file + "; write one with evaluate-classifier --predictions FILE.jsonl");
        }
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new UsageException(file + " line " + lineNo + " is not JSON; is it a file from evaluate-classifier --predictions?");
            }
            String key = n.path("key").asText("");
            if (key.isEmpty() || !n.hasNonNull("truth") || !n.hasNonNull("label")) {
                throw new UsageException(file + " line " + lineNo + " lacks key, truth or label; is it a file from evaluate-classifier --predictions?");
            }
            if (byKey.put(key, n) != null) {
                throw new UsageException(file + " lists face " + key + " twice");
            }
        }
        return byKey;
    }
}
