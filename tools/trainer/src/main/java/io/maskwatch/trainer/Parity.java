package io.maskwatch.trainer;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.Prediction;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the exported IR through the project's OpenVINO bindings on the same crops the trainer
 * scored, and reports the largest probability difference. The crops are already at input size,
 * so the classifier's resample is an exact copy and any difference comes from the IR itself.
 */
final class Parity {

    static final double TOLERANCE = 1e-3;

    private Parity() {
    }

    static double maxAbsDiff(Path xml, List<TrainCommand.Prepared> samples, float[][] reference, int size) {
        double max = 0;
        try (MaskClassifier c = MaskClassifier.open(xml.getParent())) {
            int bs = 32;
            for (int start = 0; start < samples.size(); start += bs) {
                List<MaskClassifier.Crop> crops = new ArrayList<>();
                for (int i = start; i < Math.min(samples.size(), start + bs); i++) {
                    BgrFrame f = BgrFrame.packed(size, size, MemorySegment.ofArray(samples.get(i).pixels()));
                    crops.add(MaskClassifier.Crop.whole(f));
                }
                List<Prediction> got = c.classify(crops);
                for (int i = 0; i < got.size(); i++) {
                    // The trainer's softmax read the way the classifier reads the IR's.
                    Prediction want = Prediction.fromOutputs(c.info().labels(), reference[start + i], c.info().notFace());
                    float[] p = got.get(i).probs();
                    for (int k = 0; k < p.length; k++) {
                        max = Math.max(max, Math.abs(p[k] - want.probs()[k]));
                    }
                    max = Math.max(max, Math.abs(got.get(i).faceProb() - want.faceProb()));
                }
            }
        }
        return max;
    }
}
