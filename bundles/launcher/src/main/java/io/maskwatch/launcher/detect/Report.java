package io.maskwatch.launcher.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.cli.ImageResampling;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.launcher.detect.AveragePrecision.Result;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** What evaluate prints and writes. */
record Report(Path dataset, int images, int excluded, String split, FaceDetectorOptions options, double threshold,
              Result face, Map<MaskLabel, Result> classes, Double map, Map<MaskLabel, Result> classesAllLabels, Double mapAllLabels,
              ImageResampling.Interval faceInterval, ImageResampling.Interval mapInterval,
              double msPerImage, Map<String, Integer> groundTruth,
              Path classifier) {

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "dataset %s: %d images evaluated, %d excluded%s%n", dataset, images, excluded,
                split == null ? "" : " (training split " + split + ")");
        out.printf(Locale.ROOT, "detector %s%s, min face %s, %s NMS, device %s; classifier %s%n", options.model().id(),
                options.mirror() ? " + mirrored" : "", minFace(), options.weightedNms() ? "weighted" : "hard", options.device(),
                classifier == null ? "none (faces only)" : classifier);
        out.printf(Locale.ROOT, "ground truth %s%n", groundTruth);
        out.printf(Locale.ROOT, "%-16s %8s %6s %10s %10s%n", "class", "AP@0.5", "gt", "precision", "recall");
        for (Map.Entry<MaskLabel, Result> e : classes.entrySet()) {
            row(out, e.getKey().wireName(), e.getValue());
        }
        if (map != null) {
            out.printf(Locale.ROOT, "%-16s %8.4f%n", "mAP(mask,no_mask)", map);
        }
        row(out, "face", face);
        if (mapAllLabels != null) {
            out.println("with every face ranked in every class by face_score x p(class), as detector benchmarks score:");
            for (Map.Entry<MaskLabel, Result> e : classesAllLabels.entrySet()) {
                out.printf(Locale.ROOT, "%-16s %8.4f %6d%n", e.getKey().wireName(), e.getValue().ap(), e.getValue().positives());
            }
            out.printf(Locale.ROOT, "%-16s %8.4f%n", "mAP(mask,no_mask)", mapAllLabels);
        }
        out.printf(Locale.ROOT, "95 %% intervals over %d resamplings of the images: face AP %s%s%n", ImageResampling.ROUNDS,
                range(faceInterval), mapInterval == null ? "" : ", mAP(mask,no_mask) " + range(mapInterval));
        out.printf(Locale.ROOT, "precision and recall at face score >= %.2f; %.1f ms per image (detect%s)%n", threshold, msPerImage,
                classifier == null ? "" : " + classify");
    }

    private String minFace() {
        return options.minFace() > 0 ? String.format(Locale.ROOT, "%.0f px", options.minFace())
                : String.format(Locale.ROOT, "auto (%.2f %% of the short side, at least %.0f px)",
                        100 * io.maskwatch.detector.FaceDetectorOptions.AUTO_MIN_FACE, io.maskwatch.detector.FaceDetectorOptions.AUTO_MIN_FACE_FLOOR);
    }

    private static String range(ImageResampling.Interval i) {
        return String.format(Locale.ROOT, "%.4f-%.4f", i.low(), i.high());
    }

    private static void row(PrintStream out, String name, Result r) {
        out.printf(Locale.ROOT, "%-16s %8.4f %6d %10.4f %10.4f%n", name, r.ap(), r.positives(), r.precisionAt(), r.recallAt());
    }

    ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("dataset", dataset.toString());
        root.put("images", images);
        root.put("excluded", excluded);
        root.put("split", split);
        ObjectNode det = root.putObject("detector");
        det.put("model", options.model().id());
        det.put("min_face", minFace());
        det.put("nms", options.weightedNms() ? "weighted" : "hard");
        det.put("nms_iou", options.nmsIou());
        det.put("mirror", options.mirror());
        det.put("device", options.device());
        root.put("classifier", classifier == null ? null : classifier.toString());
        root.put("iou", EvaluateCommand.IOU);
        root.put("threshold", threshold);
        ObjectNode gt = root.putObject("ground_truth");
        groundTruth.forEach(gt::put);
        ObjectNode cls = root.putObject("classes");
        classes.forEach((l, r) -> cls.set(l.wireName(), result(m, r)));
        if (map != null) {
            root.put("map", map);
        } else {
            root.putNull("map");
        }
        root.set("face", result(m, face));
        root.set("face_ap_interval", interval(m, faceInterval));
        root.set("map_interval", interval(m, mapInterval));
        ObjectNode all = root.putObject("classes_all_labels");
        classesAllLabels.forEach((l, r) -> all.set(l.wireName(), result(m, r)));
        if (mapAllLabels != null) {
            root.put("map_all_labels", mapAllLabels);
        } else {
            root.putNull("map_all_labels");
        }
        root.put("ms_per_image", msPerImage);
        return root;
    }

    /** {@code [low, high]}, or null when there is no such figure. */
    private static JsonNode interval(ObjectMapper m, ImageResampling.Interval i) {
        return i == null ? m.nullNode() : m.createArrayNode().add(i.low()).add(i.high());
    }

    private static ObjectNode result(ObjectMapper m, Result r) {
        ObjectNode n = m.createObjectNode();
        n.put("ap", r.ap());
        n.put("gt", r.positives());
        n.put("precision", r.precisionAt());
        n.put("recall", r.recallAt());
        n.put("tp", r.tpAt());
        n.put("fp", r.fpAt());
        return n;
    }
}
