package io.maskwatch.launcher.detect;

import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.ImageLoader;
import io.maskwatch.cli.UsageException;
import io.maskwatch.detector.FaceDetector;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.detector.FaceModel;
import io.maskwatch.detector.OpenVinoMaskDetector;
import io.maskwatch.openvino.Core;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The options shared by detect and evaluate, and the OpenVINO objects they build. Owns the core,
 * the face detector and (when a model is there) the classifier; closing it frees all of them.
 */
final class Engine implements AutoCloseable {

    private static final Set<String> OPTIONS = Set.of("--min-face", "--device", "--face-model", "--classifier", "--max-pixels", "--nms", "--nms-iou");
    private static final Set<String> FLAGS = Set.of("--mirror");

    final Core core;
    final FaceDetector faces;
    final MaskClassifier classifier;
    final OpenVinoMaskDetector detector;
    final ImageLoader images;
    final Path classifierDir;

    private Engine(Core core, FaceDetector faces, MaskClassifier classifier, ImageLoader images, Path classifierDir) {
        this.core = core;
        this.faces = faces;
        this.classifier = classifier;
        this.detector = classifier == null ? null : new OpenVinoMaskDetector(faces, classifier);
        this.images = images;
        this.classifierDir = classifierDir;
    }

    /** The options with a value a command takes: the shared ones plus its own. */
    static Set<String> options(String... own) {
        return union(OPTIONS, own);
    }

    /** The flags a command takes: the shared ones plus its own. */
    static Set<String> flags(String... own) {
        return union(FLAGS, own);
    }

    private static Set<String> union(Set<String> shared, String... own) {
        Set<String> s = new HashSet<>(shared);
        s.addAll(List.of(own));
        return Set.copyOf(s);
    }

    /** Native libraries report over several lines; the user gets the first. */
    static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse("").strip();
    }

    static Path home() {
        String home = System.getProperty("maskwatch.home", System.getenv("MASKWATCH_HOME"));
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /** Face-detector options from the command line over the defaults; {@code scoreThreshold} is the candidate cut. */
    static FaceDetectorOptions faceOptions(Args a, double scoreThreshold) {
        FaceDetectorOptions o = FaceDetectorOptions.defaults();
        try {
            o = o.withModel(FaceModel.parse(a.get("--face-model", o.model().id())))
                    .withDevice(a.get("--device", o.device()))
                    .withMinFace(a.number("--min-face", o.minFace()))
                    .withScoreThreshold(scoreThreshold);
            String nms = a.get("--nms", o.weightedNms() ? "weighted" : "hard");
            if (!nms.equals("weighted") && !nms.equals("hard")) {
                throw new UsageException("--nms takes weighted or hard, got '" + nms + "'");
            }
            return o.withNms(a.number("--nms-iou", o.nmsIou()), nms.equals("weighted")).withMirror(a.flag("--mirror"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * @param needClassifier fail when there is no classifier model, instead of running faces only
     */
    static Engine open(Args a, FaceDetectorOptions options, boolean needClassifier) {
        Path home = home();
        Path modelFile = home.resolve("models/third-party").resolve(options.model().fileName());
        if (!Files.isRegularFile(modelFile)) {
            throw new UsageException("face model missing at " + modelFile + "; run bin/maskwatch setup");
        }
        Path classifierDir = Path.of(a.get("--classifier", home.resolve("models/mask-classifier").toString()));
        boolean haveClassifier = Files.isRegularFile(classifierDir.resolve("model.json"));
        if (needClassifier && !haveClassifier) {
            throw new UsageException("mask classifier missing (no model.json in " + classifierDir
                    + "); train it (tools/trainer) or pass --classifier DIR");
        }
        long maxPixels = (long) a.number("--max-pixels", ImageLoader.DEFAULT_MAX_PIXELS);
        Core core = Core.create();
        FaceDetector faces = null;
        try {
            faces = new FaceDetector(core, modelFile, options);
            MaskClassifier classifier = haveClassifier ? MaskClassifier.open(classifierDir, core, options.device(), 1) : null;
            return new Engine(core, faces, classifier, new ImageLoader(maxPixels, "raise --max-pixels if the file is trusted"), classifierDir);
        } catch (IllegalArgumentException e) {
            closeAll(faces, core);
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            closeAll(faces, core);
            throw e;
        }
    }

    private static void closeAll(FaceDetector faces, Core core) {
        if (faces != null) {
            faces.close();
        }
        core.close();
    }

    @Override
    public void close() {
        try {
            if (detector != null) {
                detector.close();
            } else {
                faces.close();
            }
        } finally {
            core.close();
        }
    }
}
