package io.maskwatch.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train → export → parity → classify → evaluate, on tiny data, with real DJL and real OpenVINO. */
class PipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void syntheticTrainExportParityClassify() throws Exception {
        OpenVinoAvailable.require();
        Path data = SyntheticFaces.imageFolder(tmp.resolve("faces"), 24, 11);
        Files.writeString(data.resolve("with_mask/broken.jpg"), "not a jpeg");
        Path out = tmp.resolve("model");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--epochs", "1",
                "--input-size", "64", "--width-mult", "0.35", "--batch-size", "8", "--scratch",
                "--dropout", "0.2", "--layer-lr-decay", "0.9", "--box-crops", "0.5", "--margin-crops", "0.4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("skipped 1 unreadable image"), r.err());
        assertTrue(r.err().contains("broken.jpg"), r.err());
        for (String f : List.of("model.xml", "model.bin", "model.json", "history.csv", "history.png",
                "report.json", "report.txt", "faces-split.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        JsonNode model = JSON.readTree(out.resolve("model.json").toFile());
        assertEquals(64, model.path("input").path("width").asInt());
        assertEquals("RGB", model.path("input").path("colour_order").asText());
        assertEquals(1.25, model.path("crop").path("scale").asDouble());
        assertTrue(model.path("crop").path("square").asBoolean());
        assertTrue(model.path("parity").path("samples").asInt() > 0);
        double shift = model.path("calibration").path("no_mask_logit_shift").asDouble(Double.NaN);
        assertTrue(shift >= LogitShift.MIN && shift <= LogitShift.MAX, "no_mask logit shift " + shift);
        // Parity also shows that dropout is left out of inference, in the trainer and in the IR.
        double diff = model.path("parity").path("max_abs_diff").asDouble(Double.NaN);
        assertTrue(diff <= 1e-3, "parity " + diff);
        assertEquals(0.2, model.path("training").path("dropout").asDouble());
        assertEquals(0.5, model.path("training").path("box_crops").asDouble());
        assertEquals(0.4, model.path("training").path("margin_crops").asDouble());
        assertEquals(0.9, model.path("training").path("layer_lr_decay").asDouble());
        assertTrue(model.path("training").path("datasets").get(0).path("train").path("files_sha256").asText().matches("[0-9a-f]{64}"));
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertTrue(report.has("val") && report.has("test"));
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds", history.get(0));
        assertEquals(2, history.size());

        Path extra = tmp.resolve("junk.jpg");
        Files.writeString(extra, "nope");
        // A JPEG cut in half decodes to a grey lower half without an exception; it must be an error, not a label.
        Path cut = tmp.resolve("cut.jpg");
        byte[] whole;
        try (Stream<Path> s = Files.list(data.resolve("without_mask"))) {
            whole = Files.readAllBytes(s.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow());
        }
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        CliRun c = CliRun.of("classify", "--json", "--model", out.toString(), data.resolve("without_mask").toString(),
                extra.toString(), cut.toString());
        assertEquals(1, c.code(), "two files failed: " + c.err());
        assertTrue(c.err().contains("2 of 26 image(s) could not be read"), c.err());
        List<String> lines = c.out().lines().toList();
        assertEquals(26, lines.size());
        int errors = 0;
        for (String line : lines) {
            JsonNode j = JSON.readTree(line);
            assertTrue(j.has("image"));
            if (j.has("error")) {
                errors++;
                String image = j.get("image").asText();
                assertTrue(image.endsWith("junk.jpg") || image.endsWith("cut.jpg"), image);
                if (image.endsWith("cut.jpg")) {
                    assertTrue(j.get("error").asText().startsWith("truncated image"), line);
                }
            } else {
                double sum = j.path("probs").path("mask").asDouble() + j.path("probs").path("no_mask").asDouble();
                assertEquals(1.0, sum, 1e-4);
                assertTrue(List.of("mask", "no_mask").contains(j.get("label").asText()));
                assertEquals(Math.max(j.path("probs").path("mask").asDouble(), j.path("probs").path("no_mask").asDouble()),
                        j.get("score").asDouble(), 1e-6);
            }
        }
        assertEquals(2, errors);

        CliRun e = CliRun.of("evaluate-classifier", "--model", out.toString(), "--data", data.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("test part of faces-split.json"), e.out());
        assertTrue(e.out().contains("macro avg"), e.out());

        classifierIsThreadSafeAndBatchIndependent(out);
        bareBoxesAreClassifiedAsFaceCropsCutAtTheBox(out);

        // Finishing from the saved weights reproduces the same IR and keeps the history.
        Path again = tmp.resolve("again");
        CliRun f = CliRun.of("train", "--data", data.toString(), "--out", again.toString(), "--epochs", "1",
                "--input-size", "64", "--width-mult", "0.35", "--from-params", out.resolve("djl").toString());
        assertEquals(0, f.code(), f.err());
        assertEquals(Files.readAllLines(out.resolve("history.csv")), Files.readAllLines(again.resolve("history.csv")));
        assertArrayEquals(Files.readAllBytes(out.resolve("model.bin")), Files.readAllBytes(again.resolve("model.bin")));
    }

    /**
     * {@code evaluate-classifier --bare-boxes} sees each annotated box as {@code classify} sees a
     * face crop cut at that box; without it, the model's crop policy adds a margin.
     */
    private void bareBoxesAreClassifiedAsFaceCropsCutAtTheBox(Path modelDir) throws Exception {
        Path voc = tmp.resolve("voc");
        Path cuts = Files.createDirectories(tmp.resolve("cuts"));
        Files.createDirectories(voc.resolve("images"));
        Files.createDirectories(voc.resolve("annotations"));
        Random rnd = new Random(5);
        for (int i = 0; i < 4; i++) {
            BufferedImage photo = new BufferedImage(160, 160, BufferedImage.TYPE_3BYTE_BGR);
            // A black photo around the face: what resampling reads outside a cut image, so the
            // crops of the box and of the cut match to the last tap.
            Graphics2D g = photo.createGraphics();
            g.drawImage(SyntheticFaces.face(i % 2 == 0, rnd, 90), 50, 30, 60, 90, null);
            g.dispose();
            ImageIO.write(photo, "png", voc.resolve("images/img" + i + ".png").toFile());
            ImageIO.write(photo.getSubimage(50, 30, 60, 90), "png", cuts.resolve("img" + i + ".png").toFile());
            Files.writeString(voc.resolve("annotations/img" + i + ".xml"), """
                    <annotation><filename>img%d.png</filename>
                    <object><name>%s</name><bndbox><xmin>50</xmin><ymin>30</ymin><xmax>110</xmax><ymax>120</ymax></bndbox></object>
                    </annotation>""".formatted(i, i % 2 == 0 ? "with_mask" : "without_mask"));
        }
        Path bareFile = tmp.resolve("bare.jsonl");
        Path policyFile = tmp.resolve("policy.jsonl");
        CliRun bare = CliRun.of("evaluate-classifier", "--model", modelDir.toString(), "--data", voc.toString(),
                "--bare-boxes", "--predictions", bareFile.toString());
        assertEquals(0, bare.code(), bare.err());
        assertTrue(bare.out().contains("bare face boxes"), bare.out());
        CliRun policy = CliRun.of("evaluate-classifier", "--model", modelDir.toString(), "--data", voc.toString(),
                "--predictions", policyFile.toString());
        assertEquals(0, policy.code(), policy.err());
        CliRun classify = CliRun.of("classify", "--json", "--model", modelDir.toString(), cuts.toString());
        assertEquals(0, classify.code(), classify.err());

        Map<String, Double> cutNoMask = new HashMap<>();
        for (String line : classify.out().lines().toList()) {
            JsonNode j = JSON.readTree(line);
            cutNoMask.put(Path.of(j.get("image").asText()).getFileName().toString(), j.path("probs").path("no_mask").asDouble());
        }
        List<String> bareLines = Files.readAllLines(bareFile);
        List<String> policyLines = Files.readAllLines(policyFile);
        assertEquals(4, bareLines.size());
        double policyDifference = 0;
        for (int i = 0; i < bareLines.size(); i++) {
            JsonNode b = JSON.readTree(bareLines.get(i));
            JsonNode p = JSON.readTree(policyLines.get(i));
            String image = Path.of(b.get("image").asText()).getFileName().toString();
            double bareNoMask = b.path("probs").path("no_mask").asDouble();
            assertEquals(cutNoMask.get(image), bareNoMask, 1e-4, image);
            policyDifference = Math.max(policyDifference, Math.abs(p.path("probs").path("no_mask").asDouble() - bareNoMask));
        }
        assertTrue(policyDifference > 1e-3, "the crop policy's margin changes the input: " + policyDifference);
    }

    /** Concurrent callers get the same answers as one caller, whatever the batch they are in. */
    private void classifierIsThreadSafeAndBatchIndependent(Path modelDir) throws Exception {
        Random rnd = new Random(3);
        List<BgrFrame> frames = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            frames.add(Images.toBgr(SyntheticFaces.face(i % 2 == 0, rnd, 80)));
        }
        MaskClassifier closed = MaskClassifier.open(modelDir);
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.classifyImages(frames), "use after close fails loudly");
        try (MaskClassifier c = MaskClassifier.open(modelDir)) {
            assertEquals(List.of(), c.classify(List.of()));
            List<Prediction> batch = c.classifyImages(frames);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Prediction>> singles = new ArrayList<>();
                for (int rep = 0; rep < 3; rep++) {
                    for (BgrFrame f : frames) {
                        singles.add(pool.submit(() -> c.classifyImages(List.of(f)).getFirst()));
                    }
                }
                for (int i = 0; i < singles.size(); i++) {
                    assertArrayEquals(batch.get(i % frames.size()).probs(), singles.get(i).get().probs(), 1e-5f);
                }
            } finally {
                pool.shutdown();
            }
            BgrFrame big = Images.toBgr(SyntheticFaces.face(true, rnd, 200));
            List<Prediction> faces = c.classifyFaces(big, List.of(new PixelBox(40, 40, 160, 160), new PixelBox(-20, -20, 30, 30)));
            assertEquals(2, faces.size());
            assertTrue(faces.get(0).prob(MaskLabel.MASK) + faces.get(0).prob(MaskLabel.NO_MASK) > 0.999f);
        }
    }

    @Test
    void sampledSharedDataTrainsAndPassesParity() throws Exception {
        Path ds = OpenVinoAvailable.datasets();
        OpenVinoAvailable.require();
        Path out = tmp.resolve("shared-model");
        CliRun r = CliRun.of("train", "--data", ds.resolve("mask-classification/prajnasb").toString(),
                "--data", ds.resolve("mask-detection/andrewmvd-dev").toString(),
                "--out", out.toString(), "--epochs", "1", "--max-per-class", "12", "--input-size", "64",
                "--batch-size", "8", "--crop-scale", "1.5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("feature layers start from"), "the default starts from the pretrained weights: " + r.err());
        JsonNode model = JSON.readTree(out.resolve("model.json").toFile());
        assertTrue(model.path("training").path("pretrained").asText().endsWith("mobilenet_v2"), model.path("training").toString());
        // Settings left at their defaults are recorded too, so model.json files compare field by field.
        JsonNode training = model.path("training");
        assertEquals(0.0, training.path("dropout").asDouble(-1), training.toString());
        assertEquals(1.0, training.path("layer_lr_decay").asDouble(-1), training.toString());
        assertEquals(TrainOptions.DEFAULT_BOX_CROPS, training.path("box_crops").asDouble(-1), training.toString());
        assertTrue(model.path("parity").path("max_abs_diff").asDouble(1) <= 1e-3);
        assertEquals(1.5, model.path("crop").path("scale").asDouble(), "inference crops as training did");
        assertEquals(1.5, io.maskwatch.classifier.ModelInfo.read(out).cropScale());
        assertTrue(Files.isRegularFile(out.resolve("andrewmvd-dev-split.json")));
        CliRun c = CliRun.of("classify", "--json", "--model", out.toString(),
                ds.resolve("mask-classification/prajnasb/test/with_mask").toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().lines().count() > 10);
    }

    /** --not-faces: a last output for detector candidates that are no annotated face, read by the product's classifier. */
    @Test
    void notFacesAddAClassMinedFromTheDetectorsCandidates() throws Exception {
        Path ds = OpenVinoAvailable.datasets();
        OpenVinoAvailable.require();
        Path out = tmp.resolve("not-faces-model");
        CliRun r = CliRun.of("train", "--data", ds.resolve("mask-classification/prajnasb").toString(),
                "--data", ds.resolve("mask-detection/andrewmvd-dev").toString(),
                "--out", out.toString(), "--epochs", "1", "--max-per-class", "10", "--input-size", "64",
                "--batch-size", "8", "--not-faces");
        assertEquals(0, r.code(), r.err());
        JsonNode model = JSON.readTree(out.resolve("model.json").toFile());
        assertEquals("[\"mask\",\"no_mask\",\"not_face\"]", model.path("labels").toString());
        assertTrue(model.path("training").path("not_faces").asText().contains("IoU with every annotated face"), model.path("training").toString());
        assertTrue(model.path("parity").path("max_abs_diff").asDouble(1) <= 1e-3, "parity covers the face probability too");
        for (JsonNode d : model.path("training").path("datasets")) {
            for (String part : List.of("train", "val", "test")) {
                JsonNode p = d.path(part);
                if (d.path("layout").asText().equals("voc")) {
                    long notFaces = p.path("not_faces").asLong(-1);
                    // At most the largest face class (10 here), so that balancing does not multiply them.
                    assertTrue(notFaces > 0 && notFaces <= 10, d.path("name").asText() + " " + part + ": " + p);
                } else {
                    assertTrue(p.path("not_faces").isMissingNode(), "only VOC images have candidates to mine: " + p);
                }
            }
        }
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertTrue(report.has("val:not_face") && report.has("test:not_face"), report.fieldNames().toString());
        // The face reports stay two-class: a face is never scored as "not a face" there.
        assertEquals(2, report.path("test").path("confusion_matrix").size(), report.path("test").toString());
        io.maskwatch.classifier.ModelInfo info = io.maskwatch.classifier.ModelInfo.read(out);
        assertTrue(info.notFace());
        assertEquals(List.of(MaskLabel.MASK, MaskLabel.NO_MASK), info.labels());
        CliRun c = CliRun.of("classify", "--json", "--model", out.toString(),
                ds.resolve("mask-classification/prajnasb/test/with_mask").toString());
        assertEquals(0, c.code(), c.err());
        JsonNode line = JSON.readTree(c.out().lines().findFirst().orElseThrow());
        double face = line.path("face_prob").asDouble(-1);
        assertTrue(face >= 0 && face <= 1, line.toString());
        assertEquals(1.0, line.path("probs").path("mask").asDouble() + line.path("probs").path("no_mask").asDouble(), 1e-5, line.toString());

        CliRun noVoc = CliRun.of("train", "--data", ds.resolve("mask-classification/prajnasb").toString(),
                "--out", tmp.resolve("no-voc").toString(), "--not-faces", "--max-per-class", "4");
        assertEquals(2, noVoc.code(), noVoc.err());
        assertTrue(noVoc.err().contains("--not-faces needs a Pascal VOC dataset"), noVoc.err());
    }
}
