package io.maskwatch.trainer;

import io.maskwatch.api.MaskLabel;
import io.maskwatch.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSourceTest {

    @TempDir
    Path tmp;

    @Test
    void seededStratifiedSplitIsStableAndDisjoint() throws IOException {
        Path root = SyntheticFaces.imageFolder(tmp.resolve("faces"), 20, 1);
        DataSource a = DataSource.open(root, 7, 0.1, 0.2, false);
        DataSource b = DataSource.open(root, 7, 0.1, 0.2, false);
        DataSource c = DataSource.open(root, 8, 0.1, 0.2, false);
        for (DataSource.Part p : DataSource.Part.values()) {
            assertEquals(keys(a.part(p)), keys(b.part(p)), "same seed, same split");
        }
        assertNotEquals(keys(a.part(DataSource.Part.TEST)), keys(c.part(DataSource.Part.TEST)));
        assertEquals(8, a.part(DataSource.Part.TEST).size(), "20% of each class of 20");
        assertEquals(4, a.part(DataSource.Part.VAL).size());
        assertEquals(28, a.part(DataSource.Part.TRAIN).size());
        assertEquals(4, a.part(DataSource.Part.TEST).stream().filter(s -> s.label() == MaskLabel.MASK).count(), "stratified");
        Set<String> seen = new HashSet<>();
        for (DataSource.Part p : DataSource.Part.values()) {
            for (Sample s : a.part(p)) {
                assertTrue(seen.add(s.key()), "sample in two parts: " + s.key());
            }
        }
    }

    @Test
    void ownTrainValTestFoldersAreKept() throws IOException {
        Path root = tmp.resolve("ds");
        SyntheticFaces.imageFolder(root.resolve("train"), 3, 1);
        SyntheticFaces.imageFolder(root.resolve("test"), 2, 2);
        DataSource ds = DataSource.open(root, 7, 0.1, 0.2, false);
        assertEquals(DataSource.Layout.IMAGEFOLDER_SPLIT, ds.layout());
        assertEquals(6, ds.part(DataSource.Part.TRAIN).size());
        assertEquals(0, ds.part(DataSource.Part.VAL).size());
        assertEquals(4, ds.part(DataSource.Part.TEST).size());
    }

    @Test
    void vocIsSplitByImageAndIncorrectMaskCountsAsNoMask() throws IOException {
        Path root = tmp.resolve("voc");
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("annotations"));
        for (int i = 0; i < 10; i++) {
            javax.imageio.ImageIO.write(SyntheticFaces.face(true, new java.util.Random(i), 64), "jpg",
                    root.resolve("images/img" + i + ".jpg").toFile());
            Files.writeString(root.resolve("annotations/img" + i + ".xml"), """
                    <annotation><filename>img%d.jpg</filename>
                    <object><name>with_mask</name><bndbox><xmin>5</xmin><ymin>5</ymin><xmax>30</xmax><ymax>30</ymax></bndbox></object>
                    <object><name>mask_weared_incorrect</name><bndbox><xmin>30</xmin><ymin>30</ymin><xmax>60</xmax><ymax>60</ymax></bndbox></object>
                    </annotation>""".formatted(i));
        }
        DataSource ds = DataSource.open(root, 3, 0.1, 0.3, false);
        assertEquals(DataSource.Layout.VOC, ds.layout());
        assertEquals(3, ds.splitKeys().get(DataSource.Part.TEST).size());
        assertEquals(6, ds.part(DataSource.Part.TEST).size(), "both boxes of each test image");
        assertTrue(ds.part(DataSource.Part.TRAIN).stream().anyMatch(s -> s.label() == MaskLabel.NO_MASK));
        Set<java.nio.file.Path> trainImages = new HashSet<>();
        ds.part(DataSource.Part.TRAIN).forEach(s -> trainImages.add(s.image()));
        ds.part(DataSource.Part.TEST).forEach(s -> assertTrue(!trainImages.contains(s.image()), "image in train and test"));

        Path split = tmp.resolve("split.json");
        SplitFile.write(split, ds, 3, 0.1, 0.3);
        DataSource back = DataSource.fromSplit(root, SplitFile.read(split), false);
        assertEquals(keys(ds.part(DataSource.Part.TEST)), keys(back.part(DataSource.Part.TEST)));
    }

    @Test
    void unknownClassFolderIsAUsageError() throws IOException {
        Path root = SyntheticFaces.imageFolder(tmp.resolve("faces"), 2, 1);
        Files.createDirectories(root.resolve("sunglasses"));
        UsageException e = assertThrows(UsageException.class, () -> DataSource.open(root, 1, 0.1, 0.2, false));
        assertTrue(e.getMessage().contains("sunglasses"), e.getMessage());
    }

    @Test
    void emptyClassFolderIsAUsageError() throws IOException {
        Path root = SyntheticFaces.imageFolder(tmp.resolve("faces"), 2, 1);
        Files.createDirectories(root.resolve("mask_incorrect"));
        UsageException e = assertThrows(UsageException.class, () -> DataSource.open(root, 1, 0.1, 0.2, false));
        assertTrue(e.getMessage().contains("holds no images"), e.getMessage());
    }

    @Test
    void listHashDependsOnContentNotOrder() {
        Sample x = new Sample("d/a.jpg", Path.of("a.jpg"), MaskLabel.MASK, null);
        Sample y = new Sample("d/b.jpg", Path.of("b.jpg"), MaskLabel.NO_MASK, null);
        assertEquals(DataSource.listSha256(List.of(x, y)), DataSource.listSha256(List.of(y, x)));
        assertNotEquals(DataSource.listSha256(List.of(x, y)), DataSource.listSha256(List.of(x)));
    }

    private static List<String> keys(List<Sample> s) {
        return s.stream().map(Sample::key).sorted().toList();
    }
}
