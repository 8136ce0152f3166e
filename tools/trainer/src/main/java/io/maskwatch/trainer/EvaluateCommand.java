package io.maskwatch.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.ModelInfo;
import io.maskwatch.classifier.Prediction;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.Progress;
import io.maskwatch.cli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate-classifier --data DIR}: the paper's Table II for any ImageFolder or VOC folder,
 * measured through the product path (OpenVINO, the shared crop policy). When the model folder
 * holds a split file for the dataset, only the held-out part is used.
 */
final class EvaluateCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluateCommand() {
    }

    static void run(Args a, PrintStream out, PrintStream err) throws IOException {
        String data = a.get("--data", null);
        if (data == null) {
            throw new UsageException("--data DIR is required");
        }
        Path dir = Path.of(data);
        Path modelDir = Cli.modelDir(a);
        ModelInfo info = ModelInfo.read(modelDir);
        boolean threeClass = info.labels().contains(MaskLabel.MASK_INCORRECT);
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        DataSource ds;
        DataSource.Part part;
        String splitArg = a.get("--split", null);
        String described;
        if (SplitFile.exists(modelDir, name)) {
            ds = DataSource.fromSplit(dir, SplitFile.read(modelDir.resolve(SplitFile.fileName(name))), threeClass);
            part = parsePart(splitArg == null ? "test" : splitArg);
            described = part == null ? "all images" : part.wire() + " part of " + SplitFile.fileName(name);
        } else {
            ds = DataSource.open(dir, 0, 0, 0, threeClass);
            boolean ownSplit = ds.layout() == DataSource.Layout.IMAGEFOLDER_SPLIT;
            part = parsePart(splitArg == null ? (ownSplit ? "test" : "all") : splitArg);
            if (!ownSplit && part != null && part != DataSource.Part.TRAIN) {
                throw new UsageException("no split file for '" + name + "' in " + modelDir + "; use --split all");
            }
            if (!ownSplit) {
                part = DataSource.Part.TRAIN; // every image sits in TRAIN when no split is applied
            }
            described = ownSplit ? part.wire() + " folder" : "all images";
        }
        List<Sample> samples = new ArrayList<>();
        if (part == null) {
            for (DataSource.Part p : DataSource.Part.values()) {
                samples.addAll(ds.part(p));
            }
        } else {
            samples.addAll(ds.part(part));
        }
        if (samples.isEmpty()) {
            throw new UsageException("no images to evaluate in " + dir + " (" + described + ")");
        }
        if (ds.layout() != DataSource.Layout.VOC && !a.flag("--whole-images") && trainedOnPhotoCrops(modelDir)) {
            try (PhotoFaces faces = PhotoFaces.open(Cli.home())) {
                samples = faces.locate(samples, err, name);
            }
            described += ", whole photos cropped by the face detector";
        }
        List<String> labels = info.labels().stream().map(MaskLabel::wireName).toList();
        Map<Path, List<Sample>> byImage = new LinkedHashMap<>();
        samples.forEach(s -> byImage.computeIfAbsent(s.image(), k -> new ArrayList<>()).add(s));
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Progress progress = new Progress(err, "evaluate", byImage.size());
        String predictionsFile = a.get("--predictions", null);
        List<String> predictions = new ArrayList<>();
        boolean bareBoxes = a.flag("--bare-boxes");
        if (bareBoxes) {
            described += ", bare face boxes";
        }
        try (MaskClassifier c = MaskClassifier.open(modelDir)) {
            for (var e : byImage.entrySet()) {
                BgrFrame frame;
                try {
                    frame = Images.decode(e.getKey());
                } catch (IOException | RuntimeException ex) {
                    skipped.add(e.getKey() + ": " + ex.getMessage());
                    progress.advance(1, null);
                    continue;
                }
                List<MaskClassifier.Crop> crops = e.getValue().stream().map(s -> crop(frame, s.face(), bareBoxes, info.cropScale())).toList();
                List<Prediction> got = a.flag("--mirror") ? c.classifyMirrored(crops) : c.classify(crops);
                for (int i = 0; i < got.size(); i++) {
                    Sample s = e.getValue().get(i);
                    truth.add(labels.indexOf(s.label().wireName()));
                    pred.add(labels.indexOf(got.get(i).label().wireName()));
                    if (predictionsFile != null) {
                        predictions.add(predictionLine(s, got.get(i)));
                    }
                }
                progress.advance(1, null);
            }
        }
        if (predictionsFile != null) {
            Files.write(Path.of(predictionsFile), predictions, StandardCharsets.UTF_8);
        }
        if (!skipped.isEmpty()) {
            err.println("warning: skipped " + skipped.size() + " unreadable image(s):");
            skipped.forEach(s -> err.println("  " + s));
        }
        ClassificationReport r = ClassificationReport.of(labels,
                truth.stream().mapToInt(Integer::intValue).toArray(), pred.stream().mapToInt(Integer::intValue).toArray());
        if (a.flag("--json")) {
            ObjectNode o = r.toJson(JSON);
            o.put("data", dir.toString());
            o.put("dataset", name);
            o.put("part", described);
            o.put("model", modelDir.toString());
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "%s (%s), %d faces, model %s%n%n", dir, described, r.total(), modelDir);
            out.print(r.toText());
        }
    }

    /** Whether the model's training cropped whole photos (model.json {@code crop.whole_photos}); evaluation does as training did. */
    private static boolean trainedOnPhotoCrops(Path modelDir) throws IOException {
        return JSON.readTree(modelDir.resolve("model.json").toFile()).path("crop").has("whole_photos");
    }

    /**
     * The crop of one face: an image that is a face crop whole; with {@code --bare-boxes}, the box's
     * pixels cut out and stretched to the input, exactly as {@code classify} reads a face crop that
     * someone saved at an annotated or detected box; otherwise the policy's square. A box too thin
     * to cut keeps the policy's square.
     */
    private static MaskClassifier.Crop crop(BgrFrame frame, PixelBox face, boolean bareBoxes, double cropScale) {
        if (face == null) {
            return MaskClassifier.Crop.whole(frame);
        }
        BgrFrame cut = bareBoxes && Images.bareBoxUsable(face) ? FaceCrop.cut(frame, face) : null;
        return cut != null ? MaskClassifier.Crop.whole(cut) : new MaskClassifier.Crop(frame, FaceCrop.square(face, cropScale));
    }

    /** One face of {@code --predictions}: which face, its true class, and what the model said. */
    private static String predictionLine(Sample s, Prediction p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("key", s.key());
        o.put("image", s.image().toString());
        if (s.face() != null) {
            var box = o.putArray("box");
            box.add(s.face().x1()).add(s.face().y1()).add(s.face().x2()).add(s.face().y2());
        }
        o.put("truth", s.label().wireName());
        o.put("label", p.label().wireName());
        ObjectNode probs = o.putObject("probs");
        p.asMap().forEach((l, v) -> probs.put(l.wireName(), v));
        return o.toString();
    }

    private static DataSource.Part parsePart(String s) {
        return switch (s) {
            case "train" -> DataSource.Part.TRAIN;
            case "val" -> DataSource.Part.VAL;
            case "test" -> DataSource.Part.TEST;
            case "all" -> null;
            default -> throw new UsageException("--split must be test, val, train or all");
        };
    }

    /** Batch-1 latency of one face on one thread: the product's per-face cost. */
    static void benchClassifier(Args a, PrintStream out) {
        Path modelDir = Cli.modelDir(a);
        int iterations = a.integer("--iterations", 500);
        try (MaskClassifier c = MaskClassifier.open(modelDir, null, "CPU", 1, Map.of("INFERENCE_NUM_THREADS", "1"));
             Arena arena = Arena.ofConfined()) {
            int w = c.info().width();
            MemorySegment px = arena.allocate((long) w * w * 3);
            for (long i = 0; i < px.byteSize(); i++) {
                px.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31));
            }
            List<MaskClassifier.Crop> one = List.of(MaskClassifier.Crop.whole(BgrFrame.packed(w, w, px)));
            for (int i = 0; i < 50; i++) {
                c.classify(one);
            }
            long[] ns = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                long t = System.nanoTime();
                c.classify(one);
                ns[i] = System.nanoTime() - t;
            }
            java.util.Arrays.sort(ns);
            out.printf(Locale.ROOT, "classifier batch 1, 1 thread, %dx%d: median %.3f ms, p90 %.3f ms over %d runs%n",
                    w, w, ns[iterations / 2] / 1e6, ns[iterations * 9 / 10] / 1e6, iterations);
        }
    }
}
