package io.maskwatch.launcher.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.classifier.Prediction;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.ImageLoader;
import io.maskwatch.cli.ImageResampling;
import io.maskwatch.cli.UsageException;
import io.maskwatch.cli.VocAnnotation;
import io.maskwatch.detector.Face;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.detector.OpenVinoMaskDetector;
import io.maskwatch.launcher.detect.AveragePrecision.Result;
import io.maskwatch.launcher.detect.AveragePrecision.Scored;
import io.maskwatch.launcher.detect.AveragePrecision.Truth;
import io.maskwatch.openvino.OpenVinoException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code bin/maskwatch evaluate --voc DIR}: runs the detector over a Pascal VOC folder and scores
 * it: per-class AP@0.5 (VOC all-point), mAP over mask and no_mask, class-agnostic face AP, and
 * precision/recall at the operating threshold; optionally as JSON and a PR-curve PNG.
 */
public final class EvaluateCommand {

    static final double IOU = 0.5;
    /** Candidates down to this face score are kept so the PR curves reach high recall. */
    static final double CANDIDATE_SCORE = 0.05;
    /** The bootstrap's seed: the same evaluation prints the same intervals. */
    private static final long BOOTSTRAP_SEED = 853;

    private static final Set<String> VALUED = Engine.options("--voc", "--json", "--plot", "--exclude", "--threshold", "--limit",
            "--candidate-score");

    private EvaluateCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return evaluate(new Args(args, Engine.flags("--faces-only"), VALUED), out, err);
        } catch (UsageException e) {
            err.println("maskwatch evaluate: " + e.getMessage());
            return 2;
        } catch (OpenVinoException e) {
            err.println("maskwatch evaluate: " + Engine.firstLine(e.getMessage()) + "; run with --debug for details, or bin/maskwatch info");
            System.getLogger(EvaluateCommand.class.getName()).log(System.Logger.Level.DEBUG, "OpenVINO failure", e);
            return 2;
        }
    }

    private static int evaluate(Args a, PrintStream out, PrintStream err) {
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().getFirst() + "'; give the dataset with --voc DIR");
        }
        String voc = a.get("--voc", null);
        if (voc == null) {
            throw new UsageException("--voc DIR is required (a folder with images/ and annotations/)");
        }
        Path dir = Path.of(voc);
        Path annotations = dir.resolve("annotations");
        if (!Files.isDirectory(annotations) || !Files.isDirectory(dir.resolve("images"))) {
            throw new UsageException(dir + " is not a Pascal VOC folder (needs images/ and annotations/); for andrewmvd-dev use "
                    + "../shared/datasets/mask-detection/andrewmvd-dev");
        }
        double threshold = a.number("--threshold", FaceDetectorOptions.defaults().scoreThreshold());
        Set<String> excluded = a.path("--exclude") == null ? Set.of() : SplitFile.trainingImages(a.path("--exclude"));
        FaceDetectorOptions options = Engine.faceOptions(a, Math.min(a.number("--candidate-score", CANDIDATE_SCORE), threshold));
        List<Path> files = annotationFiles(annotations);
        int limit = (int) a.number("--limit", Integer.MAX_VALUE);

        Map<String, List<Truth>> faceTruth = new HashMap<>();
        Map<MaskLabel, Map<String, List<Truth>>> classTruth = new LinkedHashMap<>();
        List<Scored> faceDets = new ArrayList<>();
        Map<MaskLabel, List<Scored>> classDets = new LinkedHashMap<>();
        Map<MaskLabel, List<Scored>> classDetsAll = new LinkedHashMap<>();
        // The product's two-class view of every model: mask, or non-compliant (every other class together).
        Map<MaskLabel, List<Scored>> complianceDets = new LinkedHashMap<>();
        Map<String, Integer> gtNames = new java.util.TreeMap<>();
        int images = 0;
        int skipped = 0;
        long nanos = 0;
        boolean threeClass;
        try (Engine engine = Engine.open(a, options, false)) {
            boolean faceOnly = a.flag("--faces-only") || engine.detector == null;
            if (engine.detector == null && !a.flag("--faces-only")) {
                err.println("maskwatch evaluate: no classifier model in " + engine.classifierDir + "; scoring faces only");
            }
            threeClass = !faceOnly && engine.classifier.info().labels().contains(MaskLabel.MASK_INCORRECT);
            for (MaskLabel l : faceOnly ? List.<MaskLabel>of() : classesScored(threeClass)) {
                classTruth.put(l, new HashMap<>());
                classDets.put(l, new ArrayList<>());
                classDetsAll.put(l, new ArrayList<>());
            }
            if (!faceOnly) {
                complianceDets.put(MaskLabel.MASK, new ArrayList<>());
                complianceDets.put(MaskLabel.NO_MASK, new ArrayList<>());
            }
            for (Path xml : files) {
                if (images >= limit) {
                    break;
                }
                VocAnnotation ann;
                try {
                    ann = VocAnnotation.read(xml);
                } catch (IOException e) {
                    throw new UsageException(e.getMessage());
                }
                Path image = imageFor(dir, xml, ann);
                String id = image.getFileName().toString();
                if (excluded.contains(id)) {
                    skipped++;
                    continue;
                }
                images++;
                List<Truth> faces = new ArrayList<>();
                for (VocAnnotation.Truth t : ann.objects()) {
                    faces.add(new Truth(t.box(), t.difficult()));
                    gtNames.merge(t.name(), 1, Integer::sum);
                    MaskLabel label = scoredLabel(MaskLabel.parse(t.name()), threeClass);
                    if (!faceOnly) {
                        classTruth.get(label).computeIfAbsent(id, k -> new ArrayList<>()).add(new Truth(t.box(), t.difficult()));
                    }
                }
                faceTruth.put(id, faces);
                BufferedImage img;
                try {
                    img = engine.images.load(image);
                } catch (ImageLoader.ImageException e) {
                    throw new UsageException("cannot read " + image + ": " + e.getMessage());
                }
                try (Arena arena = Arena.ofConfined()) {
                    BgrFrame frame = Frames.of(img, arena);
                    long t0 = System.nanoTime();
                    List<Face> candidates = engine.faces.detect(frame);
                    List<Prediction> labels = faceOnly ? List.of() : engine.detector.predict(frame, candidates);
                    List<Face> found = faceOnly ? candidates : OpenVinoMaskDetector.verified(candidates, labels);
                    nanos += System.nanoTime() - t0;
                    for (Face f : found) {
                        faceDets.add(new Scored(id, f.box(), f.score(), f.score()));
                    }
                    for (int i = 0; i < labels.size(); i++) {
                        Face f = found.get(i);
                        Prediction p = labels.get(i);
                        MaskLabel top = scoredLabel(p.label(), threeClass);
                        classDets.get(top).add(new Scored(id, f.box(), f.score() * p.score(), f.score()));
                        MaskLabel side = complianceLabel(p);
                        complianceDets.get(side).add(new Scored(id, f.box(), f.score() * classProbability(p, side, false), f.score()));
                        // Only the top label is reported at the operating threshold; the others rank only.
                        for (MaskLabel l : classDetsAll.keySet()) {
                            double rank = f.score() * classProbability(p, l, threeClass);
                            classDetsAll.get(l).add(new Scored(id, f.box(), rank, l == top ? f.score() : -1));
                        }
                    }
                }
            }
            if (images == 0) {
                throw new UsageException("no annotated images to evaluate in " + annotations);
            }
            Result face = AveragePrecision.compute(faceDets, faceTruth, IOU, threshold);
            Map<MaskLabel, Result> perClass = new LinkedHashMap<>();
            classDets.forEach((label, dets) -> perClass.put(label, AveragePrecision.compute(dets, classTruth.get(label), IOU, threshold)));
            Double map = perClass.isEmpty() ? null : twoClassMap(complianceDets, classTruth, threshold);
            ImageBootstrap bootstrap = new ImageBootstrap(faceTruth.keySet().stream().sorted().toList(), BOOTSTRAP_SEED);
            ImageResampling.Interval faceInterval = bootstrap.interval(
                    d -> AveragePrecision.compute(d.detections(faceDets), d.truth(faceTruth), IOU, threshold).ap());
            ImageResampling.Interval mapInterval = map == null ? null : bootstrap.interval(d -> {
                Map<MaskLabel, List<Scored>> dets = new LinkedHashMap<>();
                Map<MaskLabel, Map<String, List<Truth>>> truth = new LinkedHashMap<>();
                complianceDets.forEach((l, v) -> dets.put(l, d.detections(v)));
                classTruth.forEach((l, v) -> truth.put(l, d.truth(v)));
                return twoClassMap(dets, truth, threshold);
            });
            Map<MaskLabel, Result> perClassAll = new LinkedHashMap<>();
            Double mapAll = null;
            if (!perClass.isEmpty() && !threeClass) {
                classDetsAll.forEach((label, dets) -> perClassAll.put(label,
                        AveragePrecision.compute(dets, classTruth.get(label), IOU, threshold)));
                mapAll = (perClassAll.get(MaskLabel.MASK).ap() + perClassAll.get(MaskLabel.NO_MASK).ap()) / 2;
            }
            Report report = new Report(dir, images, skipped, a.get("--exclude", null), options, threshold, face, perClass, map,
                    perClassAll, mapAll, faceInterval, mapInterval,
                    nanos / 1e6 / images, gtNames, faceOnly ? null : engine.classifierDir);
            report.print(out);
            String json = a.get("--json", null);
            if (json != null) {
                write(Path.of(json), report.toJson());
            }
            String plot = a.get("--plot", null);
            if (plot != null) {
                Map<String, Result> curves = new LinkedHashMap<>();
                curves.put("face", face);
                perClass.forEach((l, r) -> curves.put(l.wireName(), r));
                try {
                    PrCurvePlot.write(Path.of(plot), curves);
                } catch (IOException e) {
                    throw new UsageException("cannot write the plot " + plot + ": " + e.getMessage());
                }
            }
        }
        return 0;
    }

    /**
     * The mean of the mask and no_mask APs of the two-class product, from detections labelled the way
     * the host decides (mask, or non-compliant when the other classes together outweigh it). With a
     * three-class model, mask_incorrect truths fold into no_mask, as the dataset's label mapping says.
     */
    private static double twoClassMap(Map<MaskLabel, List<Scored>> complianceDets, Map<MaskLabel, Map<String, List<Truth>>> truth,
                                      double threshold) {
        double mask = AveragePrecision.compute(complianceDets.get(MaskLabel.MASK), truth.get(MaskLabel.MASK), IOU, threshold).ap();
        Map<String, List<Truth>> noMaskTruth = new HashMap<>();
        for (MaskLabel l : List.of(MaskLabel.NO_MASK, MaskLabel.MASK_INCORRECT)) {
            truth.getOrDefault(l, Map.of()).forEach((k, v) -> noMaskTruth.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        return (mask + AveragePrecision.compute(complianceDets.get(MaskLabel.NO_MASK), noMaskTruth, IOU, threshold).ap()) / 2;
    }

    /**
     * The probability that a face belongs to a scored class. A two-class evaluation folds an
     * incorrectly worn mask into no_mask, so their probabilities add.
     */
    static double classProbability(Prediction p, MaskLabel scored, boolean threeClass) {
        return scored == MaskLabel.NO_MASK && !threeClass ? p.nonCompliantProb() : p.prob(scored);
    }

    /** The host's decision for one face: non-compliant when the other classes together outweigh mask. */
    static MaskLabel complianceLabel(Prediction p) {
        return p.nonCompliantProb() > 0.5 ? MaskLabel.NO_MASK : MaskLabel.MASK;
    }

    private static List<MaskLabel> classesScored(boolean threeClass) {
        return threeClass ? List.of(MaskLabel.MASK, MaskLabel.NO_MASK, MaskLabel.MASK_INCORRECT) : List.of(MaskLabel.MASK, MaskLabel.NO_MASK);
    }

    /** The class a label is scored as: incorrect masks are no_mask unless the model tells them apart. */
    static MaskLabel scoredLabel(MaskLabel l, boolean threeClass) {
        return l == MaskLabel.MASK_INCORRECT && !threeClass ? MaskLabel.NO_MASK : l;
    }

    private static List<Path> annotationFiles(Path annotations) {
        try (Stream<Path> s = Files.list(annotations)) {
            TreeSet<Path> sorted = new TreeSet<>(s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")).toList());
            return List.copyOf(sorted);
        } catch (IOException e) {
            throw new UsageException("cannot list " + annotations + ": " + e.getMessage());
        }
    }

    private static Path imageFor(Path dir, Path xml, VocAnnotation ann) {
        Path image = ann.imageFile(dir, xml);
        if (!Files.isRegularFile(image)) {
            throw new UsageException("no image for annotation " + xml + " in " + dir.resolve("images"));
        }
        return image;
    }

    private static void write(Path file, ObjectNode json) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
