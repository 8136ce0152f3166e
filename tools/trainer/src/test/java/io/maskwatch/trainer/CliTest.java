package io.maskwatch.trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Bad input ends with exit code 2 and one clear line, before any training starts. */
class CliTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    private static void assertUsage(String[] r, String fragment) {
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].startsWith("error: "), r[1]);
        assertTrue(r[1].contains(fragment), r[1]);
        assertEquals(1, r[1].strip().lines().count(), "one line: " + r[1]);
    }

    @Test
    void nonEmptyOutIsRefusedWithoutForce() throws Exception {
        Path data = SyntheticFaces.imageFolder(tmp.resolve("faces"), 3, 1);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        assertUsage(run("train", "--data", data.toString(), "--out", out.toString()), "--force");
        assertTrue(Files.exists(out.resolve("keep.txt")));
    }

    @Test
    void singleClassIsRefused() throws Exception {
        Path data = SyntheticFaces.imageFolder(tmp.resolve("faces"), 3, 1);
        try (var s = Files.list(data.resolve("without_mask"))) {
            s.forEach(p -> p.toFile().delete());
        }
        Files.delete(data.resolve("without_mask"));
        assertUsage(run("train", "--data", data.toString(), "--out", tmp.resolve("o").toString()), "single class");
    }

    @Test
    void unknownClassIsRefused() throws Exception {
        Path data = SyntheticFaces.imageFolder(tmp.resolve("faces"), 3, 1);
        Files.move(data.resolve("without_mask"), data.resolve("hats"));
        assertUsage(run("train", "--data", data.toString(), "--out", tmp.resolve("o").toString()), "unknown class folder 'hats'");
    }

    @Test
    void emptyClassFolderIsRefused() throws Exception {
        Path data = SyntheticFaces.imageFolder(tmp.resolve("faces"), 3, 1);
        Files.createDirectories(data.resolve("no_mask"));
        assertUsage(run("train", "--data", data.toString(), "--out", tmp.resolve("o").toString()), "holds no images");
    }

    @Test
    void missingDataFolderAndBadOptionsAreRefused() {
        assertUsage(run("train", "--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("o").toString()), "not found");
        assertUsage(run("train", "--out", tmp.resolve("o").toString()), "--data");
        assertUsage(run("train", "--data", "x", "--out", "y", "--epochs", "many"), "--epochs must be an integer, got 'many'");
        assertUsage(run("train", "--data", "x", "--out", "y", "--seed", "abc"), "--seed must be an integer, got 'abc'");
        assertUsage(run("train", "--data", "x", "--out", "y", "--whole-images=false"), "--whole-images takes no value");
        assertUsage(run("train", "--data", "x", "--out", "y", "--optimizer", "rmsprop"), "--optimizer must be one of adam, sgd");
        assertUsage(run("train", "--data", "x", "--out", "y", "--dropout", "1"), "--dropout must be at least 0 and below 1");
        assertUsage(run("train", "--data", "x", "--out", "y", "--box-crops", "1.5"), "--box-crops must be between 0 and 1");
        assertUsage(run("train", "--data", "x", "--out", "y", "--margin-crops", "-0.1"), "--margin-crops must be between 0 and 1");
        assertUsage(run("train", "--data", "x", "--out", "y", "--layer-lr-decay", "0"), "--layer-lr-decay must be above 0");
        assertUsage(run("train", "--data", "x", "--out", "y", "--epoch", "3"), "unknown option --epoch");
        assertUsage(run("train", "--data", "x", "--out"), "--out needs a value");
        assertUsage(run("train", "--data", "x", "--out", "y", "--input-size", "100"), "--input-size");
        assertUsage(run("train", "--data", "x", "--out", "y", "--weight-average", "1"), "--weight-average takes a decay between 0 and 1");
        assertUsage(run("train", "--data", "x", "--out", "y", "--weight-average", "-0.5"), "--weight-average takes a decay between 0 and 1");
        assertUsage(run("train", "--data", "x", "--out", "y", "--crop-scale", "0.8"), "--crop-scale must be between 1 and 2.5");
        assertUsage(run("train", "--data", "x", "--out", "y", "--width-mult", "0.5"), "or add --scratch to train width 0.5");
        assertUsage(run("train", "--data", "x", "--out", "y", "--scratch", "--pretrained", "w"), "cannot be combined with --pretrained");
        assertUsage(run("train", "--data", "x", "--out", "y", "--width-mult", "1", "--pretrained", "w", "--init-params", "r"),
                "cannot be combined with --init-params");
        Path out = tmp.resolve("untouched");
        assertUsage(run("train", "--data", "x", "--out", out.toString(), "--width-mult", "1", "--pretrained", tmp.resolve("w").toString()),
                "pretrained weights not found");
        assertTrue(Files.notExists(out), "refused before --out is created");
        assertUsage(run("frobnicate"), "unknown command");
        assertUsage(run("classify", "--model", tmp.toString(), "x.jpg"), "no model.json");
    }

    @Test
    void modelJsonRecordsPathsInAndBesideTheProjectRelativeToIt() {
        Path home = Cli.home();
        assertEquals("models/third-party/mobilenet_v2", Cli.fromHome(home.resolve("models/third-party/mobilenet_v2")));
        assertEquals("../shared/datasets/x", Cli.fromHome(home.resolve("../shared/datasets/x")));
        Path root = home.getRoot();
        assumeTrue(home.getParent() != null && !home.getParent().equals(root), "the project sits directly under " + root);
        Path outside = root.resolve("elsewhere-" + home.getFileName()).resolve("data");
        assertEquals(outside.toString(), Cli.fromHome(outside));
    }
}
