package io.maskwatch.trainer;

import ai.djl.nn.Parameter;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer-wise learning-rate decay for fine-tuning pretrained features: the classification head
 * and the last unit train at the schedule's rate, and each unit closer to the input at
 * {@code decay} times the rate of the one above it. Early layers hold generic edge and texture
 * filters that a few thousand faces should adjust, not relearn. Adam normalises each
 * gradient by its own running scale, so a second rate has to be given to the optimiser per
 * parameter; DJL asks the tracker for each parameter's rate by its id.
 */
final class LayerwiseLearningRate implements ParameterTracker {

    private final Tracker schedule;
    private final Map<String, Float> factorById = new HashMap<>();

    LayerwiseLearningRate(Tracker schedule, MobileNetV2 net, double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("layer learning-rate decay must be in (0, 1], got " + decay);
        }
        this.schedule = schedule;
        List<MobileNetV2.Unit> units = net.units();
        for (int u = 0; u < units.size(); u++) {
            float factor = (float) Math.pow(decay, units.size() - 1 - u);
            for (MobileNetV2.ConvBn c : units.get(u).convs()) {
                for (Pair<String, Parameter> p : c.conv().getParameters()) {
                    factorById.put(p.getValue().getId(), factor);
                }
                for (Pair<String, Parameter> p : c.bn().getParameters()) {
                    factorById.put(p.getValue().getId(), factor);
                }
            }
        }
    }

    /** The multiple of the schedule's rate that a parameter trains at; 1 for the head. */
    float factor(String parameterId) {
        return factorById.getOrDefault(parameterId, 1f);
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return schedule.getNewValue(numUpdate) * factor(parameterId);
    }
}
