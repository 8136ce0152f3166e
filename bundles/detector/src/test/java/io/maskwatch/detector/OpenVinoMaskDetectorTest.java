package io.maskwatch.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.Prediction;
import io.maskwatch.openvino.Core;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Detector and the project's trained classifier together; skipped until models/mask-classifier holds a model. */
class OpenVinoMaskDetectorTest {

    private static Path classifierDir() {
        Path dir = Path.of(System.getProperty("maskwatch.home", "../..")).resolve("models/mask-classifier");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("model.json")), "no trained classifier in " + dir + ": skipped");
        return dir;
    }

    /**
     * A symmetric drawn face near the left edge, with clutter elsewhere: its mirror image is the same
     * face, so the averaged prediction must equal the plain one. A mirrored box mapped to the wrong
     * place would crop clutter and move the probabilities.
     */
    @Test
    void theMirroredCropIsTheSameFace() {
        Path dir = classifierDir();
        BufferedImage img = SyntheticFaces.canvas(640, 360);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(420, 40, 200, 280);
        g.dispose();
        PixelBox truth = SyntheticFaces.draw(img, 110, 180, 120);
        FaceDetectorOptions options = FaceDetectorOptions.defaults().withModel(FaceModel.SHORT_RANGE);
        try (Core core = Core.create(); Arena arena = Arena.ofConfined();
             FaceDetector plainFaces = new FaceDetector(core, SyntheticFaces.modelFile(options.model()), options);
             FaceDetector mirroredFaces = new FaceDetector(core, SyntheticFaces.modelFile(options.model()), options.withMirror(true));
             MaskClassifier c1 = MaskClassifier.open(dir, core, "CPU", 1);
             MaskClassifier c2 = MaskClassifier.open(dir, core, "CPU", 1)) {
            OpenVinoMaskDetector plain = new OpenVinoMaskDetector(plainFaces, c1);
            OpenVinoMaskDetector mirrored = new OpenVinoMaskDetector(mirroredFaces, c2);
            BgrFrame frame = SyntheticFaces.frame(img, arena);
            List<Face> faces = List.of(new Face(truth, 0.9));
            Prediction a = plain.predict(frame, faces).getFirst();
            Prediction b = mirrored.predict(frame, faces).getFirst();
            // What the mirrored crop must be: the face's box reflected into the mirrored frame.
            BgrFrame flipped = Regions.mirror(frame, arena);
            PixelBox reflected = new PixelBox(640 - truth.x2(), truth.y1(), 640 - truth.x1(), truth.y2());
            double scale = c1.info().cropScale();
            Prediction e = c1.classify(List.of(new MaskClassifier.Crop(flipped, io.maskwatch.classifier.FaceCrop.square(reflected, scale)))).getFirst();
            Prediction wrong = c1.classify(List.of(new MaskClassifier.Crop(flipped, io.maskwatch.classifier.FaceCrop.square(truth, scale)))).getFirst();
            double apart = 0;
            for (int k = 0; k < a.probs().length; k++) {
                assertEquals((a.probs()[k] + e.probs()[k]) / 2, b.probs()[k], 1e-5, "class " + a.labels().get(k));
                apart = Math.max(apart, Math.abs(wrong.probs()[k] - e.probs()[k]));
            }
            assertTrue(apart > 1e-4, "the test cannot tell a wrongly placed mirrored crop: " + apart);
            List<Detection> labelled = plain.detect(frame);
            assertTrue(labelled.stream().anyMatch(d -> d.box().iou(truth) > 0.4), "the drawn face was not labelled: " + labelled);
            for (Detection d : labelled) {
                assertEquals(d.faceScore() * d.labelProb(), d.score(), 1e-9);
                assertTrue(d.labelProb() >= 0.5, "a two-class label below 0.5: " + d);
                assertEquals(d.label() == MaskLabel.MASK ? 1 - d.labelProb() : d.labelProb(), d.nonCompliantProb(), 1e-6);
            }
        }
    }

    /** A three-class model's detection carries p(no_mask) + p(mask_incorrect), which the host thresholds. */
    @Test
    void aThreeClassDetectionCarriesTheNonCompliantClassesTogether() {
        Path dir = Path.of(System.getProperty("maskwatch.home", "../..")).resolve("models/mask-classifier-3class-research");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("model.json")), "no three-class model in " + dir + ": skipped");
        BufferedImage img = SyntheticFaces.canvas(640, 360);
        PixelBox truth = SyntheticFaces.draw(img, 300, 180, 120);
        FaceDetectorOptions options = FaceDetectorOptions.defaults().withModel(FaceModel.SHORT_RANGE);
        try (Core core = Core.create(); Arena arena = Arena.ofConfined();
             FaceDetector faces = new FaceDetector(core, SyntheticFaces.modelFile(options.model()), options);
             MaskClassifier classifier = MaskClassifier.open(dir, core, "CPU", 1)) {
            assertEquals(3, classifier.info().labels().size());
            OpenVinoMaskDetector detector = new OpenVinoMaskDetector(faces, classifier);
            BgrFrame frame = SyntheticFaces.frame(img, arena);
            List<Face> found = List.of(new Face(truth, 0.9));
            Prediction p = detector.predict(frame, found).getFirst();
            Detection d = detector.label(frame, found).getFirst();
            assertEquals(p.prob(MaskLabel.NO_MASK) + p.prob(MaskLabel.MASK_INCORRECT), d.nonCompliantProb(), 1e-6);
            assertEquals(1 - p.prob(MaskLabel.MASK), d.nonCompliantProb(), 1e-5);
            assertEquals(p.label(), d.label());
            assertEquals(p.score(), d.labelProb(), 1e-6);
        }
    }

    /** The not_face output of a classifier scales the detector's face score; a face-only classifier leaves it. */
    @Test
    void theClassifiersSecondLookScalesTheFaceScore() {
        List<MaskLabel> two = List.of(MaskLabel.MASK, MaskLabel.NO_MASK);
        List<Face> found = List.of(new Face(new PixelBox(0, 0, 10, 10), 0.8), new Face(new PixelBox(20, 20, 30, 30), 0.6));
        List<Prediction> said = List.of(Prediction.fromOutputs(two, new float[] {0.2f, 0.05f, 0.75f}, true),
                new Prediction(two, new float[] {0.5f, 0.5f}));
        List<Face> verified = OpenVinoMaskDetector.verified(found, said);
        assertEquals(0.8 * Math.pow(0.25, OpenVinoMaskDetector.VERIFY_EXPONENT), verified.get(0).score(), 1e-6);
        assertEquals(found.get(0).box(), verified.get(0).box());
        assertEquals(0.6, verified.get(1).score(), 1e-9);
    }

    /** With the shipped classifier: the reported face score is the verified one, and the threshold applies to it. */
    @Test
    void detectionsCarryTheVerifiedFaceScore() {
        Path dir = classifierDir();
        BufferedImage img = SyntheticFaces.canvas(640, 360);
        PixelBox face = SyntheticFaces.draw(img, 300, 180, 120);
        FaceDetectorOptions options = FaceDetectorOptions.defaults().withModel(FaceModel.SHORT_RANGE);
        try (Core core = Core.create(); Arena arena = Arena.ofConfined();
             FaceDetector faces = new FaceDetector(core, SyntheticFaces.modelFile(options.model()), options);
             MaskClassifier classifier = MaskClassifier.open(dir, core, "CPU", 1)) {
            OpenVinoMaskDetector detector = new OpenVinoMaskDetector(faces, classifier);
            BgrFrame frame = SyntheticFaces.frame(img, arena);
            for (double score : new double[] {0.95, 0.52}) {
                List<Face> found = List.of(new Face(face, score));
                Prediction p = detector.predict(frame, found).getFirst();
                double verified = score * Math.pow(p.faceProb(), OpenVinoMaskDetector.VERIFY_EXPONENT);
                List<Detection> out = detector.label(frame, found);
                assertEquals(verified >= options.scoreThreshold() ? 1 : 0, out.size(), "face prob " + p.faceProb());
                if (!out.isEmpty()) {
                    assertEquals(verified, out.getFirst().faceScore(), 1e-6);
                }
            }
        }
    }
}
