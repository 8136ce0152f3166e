package io.maskwatch.detector;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.Prediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Faces from a {@link FaceDetector}, each labelled by the {@link MaskClassifier}; all faces of a
 * frame go to the classifier as one batch. Thread-safe, as both parts are. Owns both parts and
 * closes them in {@link #close()}.
 *
 * <p>A classifier with a {@code not_face} output also takes a second look at each face the
 * detector found, as the second stage of a two-stage detector does: the face score becomes
 * the detector's score times {@code faceProb}<sup>{@value #VERIFY_EXPONENT}</sup>, and a face whose
 * score falls under the detector's threshold is dropped.
 */
public final class OpenVinoMaskDetector implements MaskDetector, AutoCloseable {

    /**
     * How much the classifier's face probability weighs against the detector's score. Chosen on the
     * 60 val images of the andrewmvd-dev split (bench/results/detector-ap.txt, section P): 1 ranks
     * better for faces and masked faces, but pushes down unmasked faces, which the detector's
     * score already ranks well.
     */
    public static final double VERIFY_EXPONENT = 0.5;

    private final FaceDetector faces;
    private final MaskClassifier classifier;

    public OpenVinoMaskDetector(FaceDetector faces, MaskClassifier classifier) {
        this.faces = faces;
        this.classifier = classifier;
    }

    public FaceDetector faceDetector() {
        return faces;
    }

    public MaskClassifier classifier() {
        return classifier;
    }

    @Override
    public List<Detection> detect(BgrFrame frame) {
        return label(frame, faces.detect(frame));
    }

    /** Searches only the scales that faces of at least {@code minFace} pixels need. */
    @Override
    public List<Detection> detect(BgrFrame frame, double minFace) {
        return label(frame, faces.detect(frame, minFace));
    }

    /** Classifies faces found earlier in {@code frame}; highest score first. */
    public List<Detection> label(BgrFrame frame, List<Face> found) {
        List<Prediction> predictions = predict(frame, found);
        List<Face> scored = verified(found, predictions);
        double threshold = faces.options().scoreThreshold();
        List<Detection> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Prediction p = predictions.get(i);
            Face f = scored.get(i);
            if (f.score() >= threshold) {
                out.add(Detection.of(f.box(), f.score(), p.label(), p.score(), p.nonCompliantProb()));
            }
        }
        out.sort(Comparator.comparingDouble(Detection::score).reversed());
        return out;
    }

    /**
     * The classifier's probabilities for each face, in order, from one batched inference. When the
     * face detector searches mirrored frames, each face's mirror image goes into the same batch and
     * the two predictions are averaged, which steadies the label of small, blurred faces.
     */
    public List<Prediction> predict(BgrFrame frame, List<Face> found) {
        double scale = classifier.info().cropScale();
        List<MaskClassifier.Crop> crops = found.stream().map(f -> new MaskClassifier.Crop(frame, FaceCrop.square(f.box(), scale))).toList();
        return faces.options().mirror() ? classifier.classifyMirrored(crops) : classifier.classify(crops);
    }

    /** The faces with the face score the classifier's second look gives them, in order. */
    public static List<Face> verified(List<Face> found, List<Prediction> predictions) {
        List<Face> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Face f = found.get(i);
            out.add(new Face(f.box(), f.score() * Math.pow(predictions.get(i).faceProb(), VERIFY_EXPONENT)));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            classifier.close();
        } finally {
            faces.close();
        }
    }
}
