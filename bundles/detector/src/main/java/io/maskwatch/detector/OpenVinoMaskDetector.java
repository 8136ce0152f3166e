package io.maskwatch.detector;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.PixelBox;
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
        if (found.isEmpty()) {
            return List.of();
        }
        List<PixelBox> boxes = found.stream().map(Face::box).toList();
        List<Prediction> predictions = classifier.classifyFaces(frame, boxes);
        List<Detection> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Prediction p = predictions.get(i);
            out.add(Detection.of(boxes.get(i), found.get(i).score(), p.label(), p.score()));
        }
        out.sort(Comparator.comparingDouble(Detection::score).reversed());
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
