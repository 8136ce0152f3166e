package io.maskwatch.trainer;

import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.cli.UsageException;
import io.maskwatch.cli.VocAnnotation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A dataset folder, split into train, val and test.
 *
 * <p>Layouts: an ImageFolder with its own {@code train/val/test} subfolders keeps that split; a
 * plain ImageFolder (one folder per class) gets a seeded stratified split; a Pascal VOC folder
 * ({@code annotations/*.xml} + {@code images/}) is split by image with a seeded shuffle, and every
 * ground-truth box becomes a face sample. The split we make is recorded as {@link #splitKeys()}
 * so it can be written out and read back instead of being recomputed.
 */
public final class DataSource {

    public enum Part { TRAIN, VAL, TEST;
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Layout { IMAGEFOLDER_SPLIT, IMAGEFOLDER, VOC }

    private static final List<String> IMAGE_EXT = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    private final String name;
    private final Path root;
    private final Layout layout;
    private final Map<Part, List<Sample>> parts = new EnumMap<>(Part.class);
    /** For layouts we split ourselves: which image (relative path) went to which part. */
    private final Map<Part, List<String>> splitKeys = new EnumMap<>(Part.class);

    private DataSource(String name, Path root, Layout layout) {
        this.name = name;
        this.root = root;
        this.layout = layout;
        for (Part p : Part.values()) {
            parts.put(p, new ArrayList<>());
            splitKeys.put(p, new ArrayList<>());
        }
    }

    public String name() {
        return name;
    }

    public Path root() {
        return root;
    }

    public Layout layout() {
        return layout;
    }

    public List<Sample> part(Part p) {
        return parts.get(p);
    }

    /** Replaces a part's samples (e.g. with face boxes found in whole photos); the split itself stays. */
    void replace(Part p, List<Sample> samples) {
        List<Sample> copy = List.copyOf(samples);
        parts.get(p).clear();
        parts.get(p).addAll(copy);
    }

    /** Image-level split we made, or empty lists when the dataset brought its own. */
    public Map<Part, List<String>> splitKeys() {
        return splitKeys;
    }

    /**
     * Opens a dataset folder.
     *
     * @param threeClass keep mask_incorrect as its own class; otherwise it counts as no_mask
     */
    public static DataSource open(Path dir, long seed, double valFraction, double testFraction, boolean threeClass) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("dataset folder not found: " + dir);
        }
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        if (Files.isDirectory(dir.resolve("annotations")) && Files.isDirectory(dir.resolve("images"))) {
            DataSource ds = new DataSource(name, dir, Layout.VOC);
            ds.loadVoc(seed, valFraction, testFraction, threeClass);
            return ds;
        }
        if (Files.isDirectory(dir.resolve("train"))) {
            DataSource ds = new DataSource(name, dir, Layout.IMAGEFOLDER_SPLIT);
            for (Part p : Part.values()) {
                Path sub = dir.resolve(p.wire());
                if (Files.isDirectory(sub)) {
                    ds.parts.get(p).addAll(imageFolder(sub, name + "/" + p.wire(), threeClass));
                }
            }
            return ds;
        }
        DataSource ds = new DataSource(name, dir, Layout.IMAGEFOLDER);
        List<Sample> all = imageFolder(dir, name, threeClass);
        Map<MaskLabel, List<Sample>> byClass = new EnumMap<>(MaskLabel.class);
        for (Sample s : all) {
            byClass.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s);
        }
        for (List<Sample> cls : byClass.values()) {
            // Sorted first so the split depends on the seed and the file names only.
            cls.sort((a, b) -> a.key().compareTo(b.key()));
            Collections.shuffle(cls, new Random(seed));
            int nTest = (int) Math.round(cls.size() * testFraction);
            int nVal = (int) Math.round(cls.size() * valFraction);
            for (int i = 0; i < cls.size(); i++) {
                Part p = i < nTest ? Part.TEST : i < nTest + nVal ? Part.VAL : Part.TRAIN;
                ds.parts.get(p).add(cls.get(i));
                ds.splitKeys.get(p).add(ds.root.relativize(cls.get(i).image()).toString());
            }
        }
        ds.sortAll();
        return ds;
    }

    /**
     * Builds a data source from a split file written earlier ({@link SplitFile}), so evaluation
     * uses exactly the images training held out.
     */
    public static DataSource fromSplit(Path dir, Map<Part, List<String>> split, boolean threeClass) {
        DataSource full = open(dir, 0, 0, 0, threeClass);
        DataSource ds = new DataSource(full.name, dir, full.layout);
        Map<String, Part> where = new LinkedHashMap<>();
        split.forEach((p, keys) -> keys.forEach(k -> where.put(k, p)));
        for (Sample s : full.part(Part.TRAIN)) {
            Part p = where.get(dir.relativize(s.image()).toString());
            if (p != null) {
                ds.parts.get(p).add(s);
            }
        }
        split.forEach((p, keys) -> ds.splitKeys.get(p).addAll(keys));
        return ds;
    }

    private void sortAll() {
        parts.values().forEach(l -> l.sort((a, b) -> a.key().compareTo(b.key())));
        splitKeys.values().forEach(Collections::sort);
    }

    static List<Sample> imageFolder(Path dir, String keyPrefix, boolean threeClass) {
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
        if (classDirs.isEmpty()) {
            throw new UsageException("no class folders in " + dir + ": expected one folder per class (with_mask, without_mask, ...)");
        }
        List<Sample> out = new ArrayList<>();
        for (Path cd : classDirs) {
            String folder = cd.getFileName().toString();
            MaskLabel label;
            try {
                label = mapLabel(MaskLabel.parse(folder), threeClass);
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown class folder '" + folder + "' in " + dir
                        + ": use with_mask/mask, without_mask/no_mask or mask_incorrect/mask_weared_incorrect");
            }
            List<Path> images;
            try (Stream<Path> s = Files.walk(cd)) {
                images = s.filter(Files::isRegularFile).filter(DataSource::isImageName).sorted().toList();
            } catch (IOException e) {
                throw new UsageException("cannot list " + cd + ": " + e.getMessage());
            }
            if (images.isEmpty()) {
                throw new UsageException("class folder " + cd + " holds no images");
            }
            for (Path img : images) {
                out.add(new Sample(keyPrefix + "/" + dir.relativize(img), img, label, null));
            }
        }
        return out;
    }

    static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && IMAGE_EXT.stream().anyMatch(n::endsWith);
    }

    static MaskLabel mapLabel(MaskLabel l, boolean threeClass) {
        return !threeClass && l == MaskLabel.MASK_INCORRECT ? MaskLabel.NO_MASK : l;
    }

    private void loadVoc(long seed, double valFraction, double testFraction, boolean threeClass) {
        List<Path> xmls;
        try (Stream<Path> s = Files.list(root.resolve("annotations"))) {
            xmls = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot list " + root.resolve("annotations") + ": " + e.getMessage());
        }
        if (xmls.isEmpty()) {
            throw new UsageException("no annotations in " + root.resolve("annotations"));
        }
        Map<String, List<Sample>> byImage = new LinkedHashMap<>();
        for (Path xml : xmls) {
            VocAnnotation ann;
            try {
                ann = VocAnnotation.read(xml);
            } catch (IOException e) {
                throw new UsageException(e.getMessage()); // names the file already
            }
            Path img = ann.imageFile(root, xml);
            String rel = root.relativize(img).toString();
            List<Sample> faces = new ArrayList<>();
            for (int i = 0; i < ann.objects().size(); i++) {
                VocAnnotation.Truth t = ann.objects().get(i);
                MaskLabel label;
                try {
                    label = mapLabel(MaskLabel.parse(t.name()), threeClass);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("unknown class '" + t.name() + "' in " + xml);
                }
                PixelBox b = t.box();
                // Corners given in the wrong order become an empty side rather than a negative one.
                PixelBox box = new PixelBox(b.x1(), b.y1(), Math.max(b.x1(), b.x2()), Math.max(b.y1(), b.y2()));
                faces.add(new Sample(name + "/" + rel + "#" + i, img, label, box));
            }
            byImage.put(rel, faces);
        }
        List<String> images = new ArrayList<>(byImage.keySet());
        Collections.sort(images);
        Collections.shuffle(images, new Random(seed));
        int nTest = (int) Math.round(images.size() * testFraction);
        int nVal = (int) Math.round(images.size() * valFraction);
        for (int i = 0; i < images.size(); i++) {
            Part p = i < nTest ? Part.TEST : i < nTest + nVal ? Part.VAL : Part.TRAIN;
            splitKeys.get(p).add(images.get(i));
            parts.get(p).addAll(byImage.get(images.get(i)));
        }
        sortAll();
    }

    /** sha256 of the sorted sample keys, one per line: identifies a file list without listing it. */
    public static String listSha256(List<Sample> samples) {
        List<String> keys = new ArrayList<>(samples.stream().map(Sample::key).toList());
        Collections.sort(keys);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String k : keys) {
                md.update((k + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
