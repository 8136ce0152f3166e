package io.maskwatch.classifier;

import io.maskwatch.api.MaskLabel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionTest {

    private static final List<MaskLabel> TWO = List.of(MaskLabel.MASK, MaskLabel.NO_MASK);

    @Test
    void theNotFaceOutputBecomesTheFaceProbabilityAndTheLabelsAreRenormalised() {
        Prediction p = Prediction.fromOutputs(TWO, new float[] {0.15f, 0.05f, 0.8f}, true);
        assertEquals(0.2f, p.faceProb(), 1e-6);
        assertArrayEquals(new float[] {0.75f, 0.25f}, p.probs(), 1e-6f);
        assertEquals(MaskLabel.MASK, p.label(), "not_face is the largest output, but the label is the best face label");
        assertEquals(0.25f, p.nonCompliantProb(), 1e-6);
    }

    @Test
    void aModelWithoutNotFaceSaysEveryCropIsAFace() {
        Prediction p = Prediction.fromOutputs(TWO, new float[] {0.3f, 0.7f}, false);
        assertEquals(1f, p.faceProb());
        assertArrayEquals(new float[] {0.3f, 0.7f}, p.probs());
        assertEquals(1f, new Prediction(TWO, new float[] {0.5f, 0.5f}).faceProb());
    }

    @Test
    void noFaceProbabilityAtAllGivesEvenLabels() {
        Prediction p = Prediction.fromOutputs(TWO, new float[] {0f, 0f, 1f}, true);
        assertEquals(0f, p.faceProb());
        assertArrayEquals(new float[] {0.5f, 0.5f}, p.probs());
    }

    @Test
    void modelJsonMayEndWithNotFace() throws Exception {
        Path dir = Files.createTempDirectory("model-info");
        Files.writeString(dir.resolve("model.json"), json("\"mask\",\"no_mask\",\"not_face\""));
        ModelInfo info = ModelInfo.read(dir);
        assertTrue(info.notFace());
        assertEquals(TWO, info.labels());
        assertEquals(3, info.outputs());

        Files.writeString(dir.resolve("model.json"), json("\"mask\",\"no_mask\""));
        assertFalse(ModelInfo.read(dir).notFace());
        assertEquals(2, ModelInfo.read(dir).outputs());

        Files.writeString(dir.resolve("model.json"), json("\"mask\",\"not_face\",\"no_mask\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelInfo.read(dir));
        assertTrue(e.getMessage().contains("not_face may only be the last label"), e.getMessage());

        Files.writeString(dir.resolve("model.json"), json("\"mask\",\"not_face\""));
        e = assertThrows(IllegalArgumentException.class, () -> ModelInfo.read(dir));
        assertTrue(e.getMessage().contains("two face labels"), e.getMessage());
    }

    private static String json(String labels) {
        return "{\"format\":\"" + ModelInfo.FORMAT + "\",\"input\":{\"width\":80,\"height\":80},\"labels\":[" + labels + "]}";
    }
}
