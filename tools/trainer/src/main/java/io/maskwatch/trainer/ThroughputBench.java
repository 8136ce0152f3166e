package io.maskwatch.trainer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Forward+backward+step throughput on random data, used to choose the default input size and
 * width multiplier for the time budget of a full training run.
 */
final class ThroughputBench {

    private ThroughputBench() {
    }

    static double imagesPerSecond(int inputSize, float width, int batch, int steps) {
        Engines.start();
        MobileNetV2 net = new MobileNetV2(width, 2);
        try (Model model = Model.newInstance("bench")) {
            model.setBlock(net.block());
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(batch, 3, inputSize, inputSize));
                NDManager m = trainer.getManager();
                long start = 0;
                for (int i = 0; i < steps + 2; i++) {
                    if (i == 2) {
                        start = System.nanoTime();
                    }
                    try (NDManager step = m.newSubManager()) {
                        // Channels-last, as the trainer feeds it (TrainCommand.input).
                        NDArray x = step.randomNormal(new Shape(batch, inputSize, inputSize, 3)).transpose(0, 3, 1, 2);
                        NDArray y = step.randomInteger(0, 2, new Shape(batch), ai.djl.ndarray.types.DataType.INT64);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(x));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                }
                return (double) batch * steps / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    static void run(PrintStream out, int[] sizes, float[] widths, int batch, int steps) {
        out.println("input,width,batch,images_per_s");
        for (float w : widths) {
            for (int s : sizes) {
                double ips = imagesPerSecond(s, w, batch, steps);
                out.printf(Locale.ROOT, "%d,%.2f,%d,%.1f%n", s, w, batch, ips);
                out.flush();
            }
        }
    }
}
