package io.maskwatch.launcher.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.classifier.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run evaluate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvaluateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFolderThatIsNoVocDatasetFailsLoudly() {
        Run r = evaluate("--voc", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("maskwatch evaluate: " + dir + " is not a Pascal VOC folder (needs images/ and annotations/)"), r.err());
    }

    @Test
    void incorrectlyWornMasksCountAsNoMaskInATwoClassEvaluation() {
        Prediction two = new Prediction(List.of(MaskLabel.MASK, MaskLabel.NO_MASK), new float[] {0.25f, 0.75f});
        assertEquals(0.75, EvaluateCommand.classProbability(two, MaskLabel.NO_MASK, false), 1e-6);
        assertEquals(0.25, EvaluateCommand.classProbability(two, MaskLabel.MASK, false), 1e-6);
        Prediction three = new Prediction(List.of(MaskLabel.MASK, MaskLabel.NO_MASK, MaskLabel.MASK_INCORRECT), new float[] {0.25f, 0.5f, 0.25f});
        assertEquals(0.75, EvaluateCommand.classProbability(three, MaskLabel.NO_MASK, false), 1e-6);
        assertEquals(0.5, EvaluateCommand.classProbability(three, MaskLabel.NO_MASK, true), 1e-6);
        assertEquals(MaskLabel.NO_MASK, EvaluateCommand.scoredLabel(MaskLabel.MASK_INCORRECT, false));
        assertEquals(MaskLabel.MASK_INCORRECT, EvaluateCommand.scoredLabel(MaskLabel.MASK_INCORRECT, true));
    }

    /** The mAP of a three-class model is scored on the host's decision, not on the single most probable class. */
    @Test
    void aThreeClassFaceIsNonCompliantWhenTheOtherClassesOutweighMask() {
        Prediction split = new Prediction(List.of(MaskLabel.MASK, MaskLabel.NO_MASK, MaskLabel.MASK_INCORRECT), new float[] {0.4f, 0.35f, 0.25f});
        assertEquals(MaskLabel.MASK, split.label());
        assertEquals(MaskLabel.NO_MASK, EvaluateCommand.complianceLabel(split));
        Prediction masked = new Prediction(List.of(MaskLabel.MASK, MaskLabel.NO_MASK, MaskLabel.MASK_INCORRECT), new float[] {0.55f, 0.05f, 0.4f});
        assertEquals(MaskLabel.MASK, EvaluateCommand.complianceLabel(masked));
        Prediction two = new Prediction(List.of(MaskLabel.MASK, MaskLabel.NO_MASK), new float[] {0.3f, 0.7f});
        assertEquals(two.label(), EvaluateCommand.complianceLabel(two));
    }

    @Test
    void theDatasetIsRequired() {
        Run r = evaluate("--json", "x.json");
        assertEquals(2, r.code());
        assertEquals("maskwatch evaluate: --voc DIR is required (a folder with images/ and annotations/)\n", r.err());
    }

    /** The first 24 andrewmvd-dev images: the detector must find most faces; skipped without ../shared. */
    @Test
    void facesOfAndrewmvdDevAreFound() throws Exception {
        Path voc = Engine.home().resolve("../shared/datasets/mask-detection/andrewmvd-dev").normalize();
        Assumptions.assumeTrue(Files.isDirectory(voc.resolve("annotations")),
                "andrewmvd-dev not found at " + voc + " (the shared datasets folder): evaluation test skipped");
        Path json = dir.resolve("eval.json");
        Path plot = dir.resolve("pr.png");
        Run r = evaluate("--voc", voc.toString(), "--faces-only", "--limit", "24", "--json", json.toString(), "--plot", plot.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(24, report.get("images").asInt());
        double ap = report.get("face").get("ap").asDouble();
        assertTrue(ap > 0.7, "face AP on 24 andrewmvd-dev images is only " + ap + "\n" + r.out());
        assertTrue(r.out().contains("face "), r.out());
        JsonNode interval = report.get("face_ap_interval");
        assertTrue(interval.get(0).asDouble() < ap && ap < interval.get(1).asDouble(), "interval " + interval + " around " + ap);
        assertTrue(report.get("map_interval").isNull(), "faces only: no mAP");
        assertTrue(r.out().contains("95 % intervals over 1000 resamplings of the images: face AP "), r.out());
        assertEquals(720, ImageIO.read(plot.toFile()).getWidth());
    }
}
