package io.maskwatch.launcher.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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

class DetectCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run detect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DetectCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutInputsItSaysWhatIsMissing() {
        Run r = detect("--json");
        assertEquals(2, r.code());
        assertEquals("maskwatch detect: give at least one image file or folder\n", r.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run r = detect("--fast", "x.jpg");
        assertEquals(2, r.code());
        assertEquals("maskwatch detect: unknown option --fast; run bin/maskwatch --help\n", r.err());
    }

    @Test
    void aFlagGivenAValueIsAUsageError() {
        Run r = detect("--json=no", "x.jpg");
        assertEquals(2, r.code());
        assertEquals("maskwatch detect: --json takes no value; give just --json\n", r.err());
    }

    @Test
    void anNmsOverlapOutsideZeroToOneIsAUsageError() {
        Run r = detect("--nms-iou", "1.5", "x.jpg");
        assertEquals(2, r.code());
        assertEquals("maskwatch detect: NMS overlap must be in (0, 1), got 1.5\n", r.err());
    }

    @Test
    void aMissingClassifierIsNamed() {
        Run r = detect("--classifier", dir.toString(), "x.jpg");
        assertEquals(2, r.code());
        assertEquals("maskwatch detect: mask classifier missing (no model.json in " + dir + "); train it (tools/trainer) or pass --classifier DIR\n",
                r.err());
    }

    @Test
    void foldersAreSearchedForImagesOnly() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/notes.txt"), "x");
        Files.write(dir.resolve("a/b/2.PNG"), new byte[] {1});
        Files.write(dir.resolve("a/1.jpg"), new byte[] {1});
        assertEquals(List.of(dir.resolve("a/1.jpg"), dir.resolve("a/b/2.PNG")), DetectCommand.expand(List.of(dir.resolve("a").toString())));
        assertEquals(List.of(dir.resolve("a/notes.txt")), DetectCommand.expand(List.of(dir.resolve("a/notes.txt").toString())),
                "a file named explicitly is tried whatever its name");
    }

    /** Needs the trained classifier (models/mask-classifier) and the face model; skipped without the classifier. */
    @Test
    void badFilesGetAnErrorLineAndTheRunGoesOn() throws Exception {
        Path home = Engine.home();
        Assumptions.assumeTrue(Files.isRegularFile(home.resolve("models/mask-classifier/model.json")),
                "no trained mask classifier in " + home.resolve("models/mask-classifier") + ": end-to-end detect test skipped");
        Path good = dir.resolve("good.png");
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        ImageIO.write(img, "png", good.toFile());
        Path bad = dir.resolve("bad.jpg");
        Files.writeString(bad, "not a picture");
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random rnd = new java.util.Random(4);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noise.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        ImageIO.write(noise, "jpeg", jpeg);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, java.util.Arrays.copyOf(jpeg.toByteArray(), jpeg.size() / 2));
        Path annotated = dir.resolve("annotated");
        Run r = detect("--json", "--annotate", annotated.toString(), bad.toString(), cut.toString(), good.toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(bad.toString(), first.get("image").asText());
        assertEquals("not an image in a supported format (JPEG, PNG, BMP, GIF)", first.get("error").asText());
        JsonNode truncated = new ObjectMapper().readTree(lines.get(1));
        assertEquals(cut.toString(), truncated.get("image").asText());
        assertTrue(truncated.get("error").asText().startsWith("truncated image ("), lines.get(1));
        assertFalse(Files.exists(annotated.resolve("cut.jpg")), "no annotated copy of a broken file");
        JsonNode second = new ObjectMapper().readTree(lines.get(2));
        assertEquals(320, second.get("width").asInt());
        assertEquals(240, second.get("height").asInt());
        assertTrue(second.get("detections").isArray());
        assertTrue(Files.isRegularFile(annotated.resolve("good.png")));
    }
}
