package io.maskwatch.trainer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.SequentialBlock;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightAverageTest {

    /** Sets every weight of the block, running statistics included, to {@code value}. */
    private static void fill(Block block, float value) {
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            Arrays.fill(v, value);
            a.set(FloatBuffer.wrap(v));
        }
    }

    @Test
    void theNetworkEndsWithTheMovingAverageOfItsWeightsRunningStatisticsIncluded() {
        Engines.start();
        Block block = new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(BatchNorm.builder().build());
        try (Model model = Model.newInstance("t")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 4));
            fill(block, 0f);
            double decay = 0.9;
            try (WeightAverage average = new WeightAverage(block, decay)) {
                // The decay warms up as (1 + n) / (10 + n), capped at 0.9: 2/11, 3/12, then 0.9.
                float expected = 0f;
                float[] weights = {1f, 1f, 1f, 5f};
                for (int n = 1; n <= weights.length; n++) {
                    fill(block, weights[n - 1]);
                    average.update();
                    double d = Math.min(decay, (1.0 + n) / (10.0 + n));
                    expected = (float) (d * expected + (1 - d) * weights[n - 1]);
                }
                assertEquals(4, average.updates());
                average.copyIntoNetwork();
                int arrays = 0;
                for (var p : block.getParameters()) {
                    float[] got = p.getValue().getArray().toFloatArray();
                    float[] want = new float[got.length];
                    Arrays.fill(want, expected);
                    assertArrayEquals(want, got, 1e-5f, p.getKey());
                    arrays++;
                }
                // weight + bias of the dense layer; gamma, beta, running mean and variance of the norm.
                assertEquals(6, arrays);
            }
        }
    }

    @Test
    void aDecayOutsideZeroToOneIsRefused() {
        Engines.start();
        Block block = Linear.builder().setUnits(1).build();
        try (Model model = Model.newInstance("t")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2));
            assertThrows(IllegalArgumentException.class, () -> new WeightAverage(block, 1.0));
            assertThrows(IllegalArgumentException.class, () -> new WeightAverage(block, 0.0));
        }
    }
}
