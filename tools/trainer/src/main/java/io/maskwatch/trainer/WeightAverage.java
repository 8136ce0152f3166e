package io.maskwatch.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a network's weights (Polyak averaging), batch-norm running
 * statistics included. The last step's weights depend on the last few batches; the average over
 * the last few epochs much less, which is what selection on a small val set needs. It costs
 * nothing at inference: the average is the model that gets exported.
 *
 * <p>The first updates use a smaller decay, {@code (1 + n) / (10 + n)}, so the average is not
 * dominated by the starting weights.
 */
final class WeightAverage implements AutoCloseable {

    private final double decay;
    private final NDManager manager;
    private final List<NDArray> live = new ArrayList<>();
    private final List<NDArray> average = new ArrayList<>();
    private long updates;

    WeightAverage(Block block, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight-average decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.manager = NDManager.newBaseManager();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            live.add(a);
            NDArray copy = a.duplicate();
            copy.attach(manager);
            average.add(copy);
        }
    }

    /** Folds the current weights into the average; call after each optimiser step. */
    void update() {
        updates++;
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        try (NDManager scratch = manager.newSubManager()) {
            for (int i = 0; i < live.size(); i++) {
                NDArray delta = live.get(i).sub(average.get(i));
                delta.attach(scratch);
                average.get(i).addi(delta.muli(1 - d));
            }
        }
    }

    /** Overwrites the network's weights with the average. */
    void copyIntoNetwork() {
        for (int i = 0; i < live.size(); i++) {
            live.get(i).set(FloatBuffer.wrap(average.get(i).toFloatArray()));
        }
    }

    long updates() {
        return updates;
    }

    @Override
    public void close() {
        manager.close();
    }
}
