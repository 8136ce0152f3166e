package io.maskwatch.trainer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogitShiftTest {

    private static final int MASK = 0;
    private static final int NO_MASK = 1;

    private static TrainCommand.Prepared face(String dataset, int label) {
        return new TrainCommand.Prepared(null, dataset, label, new byte[0]);
    }

    @Test
    void aModelLeaningToNoMaskGetsANegativeShiftThatBalancesIt() {
        List<TrainCommand.Prepared> faces = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        // Masked faces score p(no_mask) 0.55-0.64 (wrongly no_mask); unmasked ones 0.70-0.99.
        for (int i = 0; i < 10; i++) {
            faces.add(face("a", MASK));
            probs.add(new float[] {0.45f - i * 0.01f, 0.55f + i * 0.01f});
            faces.add(face("a", NO_MASK));
            probs.add(new float[] {0.30f - i * 0.03f, 0.70f + i * 0.03f});
        }
        LogitShift s = LogitShift.choose(faces, probs.toArray(new float[0][]), NO_MASK);
        assertEquals(0.5, s.valBefore(), 1e-9, "before: every face called no_mask");
        assertEquals(1.0, s.valAfter(), 1e-9);
        assertTrue(s.shift() < -Math.log(0.64 / 0.36) && s.shift() > -Math.log(0.70 / 0.30), "shift " + s.shift());
        assertEquals(MASK, LogitShift.predict(new float[] {0.4f, 0.6f}, NO_MASK, s.shift()));
        assertEquals(NO_MASK, LogitShift.predict(new float[] {0.2f, 0.8f}, NO_MASK, s.shift()));
    }

    @Test
    void aBalancedModelKeepsZeroAndEachDatasetCountsOnce() {
        List<TrainCommand.Prepared> faces = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        for (String ds : List.of("big", "small")) {
            int n = ds.equals("big") ? 50 : 5;
            for (int i = 0; i < n; i++) {
                faces.add(face(ds, MASK));
                probs.add(new float[] {0.9f, 0.1f});
                faces.add(face(ds, NO_MASK));
                probs.add(new float[] {0.1f, 0.9f});
            }
        }
        LogitShift s = LogitShift.choose(faces, probs.toArray(new float[0][]), NO_MASK);
        assertEquals(0.0, s.shift());
        assertEquals(1.0, s.valBefore(), 1e-9);
        assertEquals(LogitShift.NONE, LogitShift.choose(List.of(), new float[0][], NO_MASK));
    }
}
