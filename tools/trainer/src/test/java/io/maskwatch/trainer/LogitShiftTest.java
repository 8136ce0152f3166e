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
        // Within one standard error of the perfect shift, the rule takes the smaller one, which may
        // leave a masked face or two on the no_mask side; it never reaches the unmasked faces.
        assertTrue(s.valAfter() >= 0.9, "after: " + s.valAfter());
        assertTrue(s.shift() < -Math.log(0.55 / 0.45) && s.shift() > -Math.log(0.70 / 0.30), "shift " + s.shift());
        assertEquals(MASK, LogitShift.predict(new float[] {0.45f, 0.55f}, NO_MASK, s.shift()));
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

    @Test
    void aGainOfOneValFaceIsNoiseAndKeepsZero() {
        // 49 unmasked faces, as in andrewmvd-dev val: a shift of +2 would win exactly one of them
        // back, at the cost of nothing else. That is within the noise, so the shift stays 0.
        List<TrainCommand.Prepared> faces = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            faces.add(face("a", MASK));
            probs.add(new float[] {0.99f, 0.01f});
        }
        for (int i = 0; i < 49; i++) {
            faces.add(face("a", NO_MASK));
            probs.add(i == 0 ? new float[] {0.8f, 0.2f} : new float[] {0.05f, 0.95f});
        }
        float[][] p = probs.toArray(new float[0][]);
        assertTrue(LogitShift.meanBalancedAccuracy(faces, p, NO_MASK, 2.0) > LogitShift.meanBalancedAccuracy(faces, p, NO_MASK, 0),
                "the +2 shift is the best on these faces");
        LogitShift s = LogitShift.choose(faces, p, NO_MASK);
        assertEquals(0.0, s.shift());
        assertEquals(s.valBefore(), s.valAfter(), 1e-12);
    }

    @Test
    void theStandardErrorShrinksWithMoreFaces() {
        List<TrainCommand.Prepared> few = new ArrayList<>();
        List<TrainCommand.Prepared> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            (i < 20 ? List.of(few, many) : List.of(many)).forEach(l -> {
                l.add(face("a", MASK));
                l.add(face("a", NO_MASK));
            });
        }
        float[][] pFew = new float[few.size()][];
        float[][] pMany = new float[many.size()][];
        for (int i = 0; i < many.size(); i++) {
            float[] p = i % 2 == 0 ? new float[] {0.9f, 0.1f} : new float[] {0.1f, 0.9f};
            pMany[i] = p;
            if (i < few.size()) {
                pFew[i] = p;
            }
        }
        double seFew = LogitShift.score(few, pFew, NO_MASK, 0).standardError();
        double seMany = LogitShift.score(many, pMany, NO_MASK, 0).standardError();
        assertTrue(seFew > 0 && seMany > 0 && seMany < seFew / 3, "standard errors " + seFew + ", " + seMany);
    }
}
