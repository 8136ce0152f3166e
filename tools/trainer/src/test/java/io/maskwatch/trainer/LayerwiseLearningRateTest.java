package io.maskwatch.trainer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LayerwiseLearningRateTest {

    private static final float RATE = 1e-3f;
    private static final double DECAY = 0.8;

    /** The largest change of any element of a parameter between two snapshots. */
    private static double largestStep(float[] before, NDArray after) {
        float[] a = after.toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - before[i]));
        }
        return max;
    }

    @Test
    void eachUnitBelowTheLastStepsAtDecayTimesTheRateOfTheUnitAboveIt() {
        Engines.start();
        MobileNetV2 net = new MobileNetV2(0.25f, 2);
        int units = net.units().size();
        try (Model model = Model.newInstance("t")) {
            model.setBlock(net.block());
            LayerwiseLearningRate rates = new LayerwiseLearningRate(Tracker.fixed(RATE), net, DECAY);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(rates).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(4, 3, 32, 32));
                Parameter stem = net.units().getFirst().convs().getFirst().conv().getParameters().get("weight");
                Parameter last = net.units().getLast().convs().getFirst().conv().getParameters().get("weight");
                Parameter head = net.classifier().getParameters().get("weight");
                float[] stemBefore = stem.getArray().toFloatArray();
                float[] lastBefore = last.getArray().toFloatArray();
                float[] headBefore = head.getArray().toFloatArray();

                NDManager m = trainer.getManager();
                NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
                NDArray y = m.create(new float[] {0, 1, 0, 1});
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                    gc.backward(loss);
                }
                trainer.step();

                // Adam's first step moves every weight with a clear gradient by the rate itself.
                assertEquals(RATE, largestStep(headBefore, head.getArray()), RATE * 0.05, "head");
                assertEquals(RATE, largestStep(lastBefore, last.getArray()), RATE * 0.05, "last unit");
                double stemRate = RATE * Math.pow(DECAY, units - 1);
                assertEquals(stemRate, largestStep(stemBefore, stem.getArray()), stemRate * 0.05, "stem");
                assertEquals(1f, rates.factor(head.getId()));
                assertEquals((float) Math.pow(DECAY, units - 1), rates.factor(stem.getId()), 1e-6f);
            }
        }
    }

    @Test
    void aDecayOutsideZeroToOneIsRefused() {
        MobileNetV2 net = new MobileNetV2(0.25f, 2);
        assertThrows(IllegalArgumentException.class, () -> new LayerwiseLearningRate(Tracker.fixed(RATE), net, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerwiseLearningRate(Tracker.fixed(RATE), net, 1.5));
    }
}
