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
 */
public final class OpenVinoMaskDetector implements MaskDetector, AutoCloseable {

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
        List<Detection> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Prediction p = predictions.get(i);
            out.add(Detection.of(found.get(i).box(), found.get(i).score(), p.label(), p.score(), p.nonCompliantProb()));
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

    @Override
    public void close() {
        try {
            classifier.close();
        } finally {
            faces.close();
        }
    }
}
