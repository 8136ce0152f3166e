package io.maskwatch.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.cli.UsageException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <dataset>-split.json}: the image-level split the trainer made, so that evaluation (and
 * the detection engine's benchmarks) can use exactly the images training never saw.
 */
public final class SplitFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SplitFile() {
    }

    public static String fileName(String dataset) {
        return dataset + "-split.json";
    }

    public static void write(Path file, DataSource ds, long seed, double valFraction, double testFraction) {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", ds.name());
        root.put("layout", ds.layout().name().toLowerCase(java.util.Locale.ROOT));
        root.put("seed", seed);
        root.put("val_fraction", valFraction);
        root.put("test_fraction", testFraction);
        root.put("policy", ds.layout() == DataSource.Layout.VOC
                ? "split by image: image file names sorted, shuffled with java.util.Random(seed), first test_fraction to test, next val_fraction to val, rest to train; only train images' boxes are trained on"
                : "stratified by class: each class's file names sorted, shuffled with java.util.Random(seed), first test_fraction to test, next val_fraction to val, rest to train");
        for (DataSource.Part p : DataSource.Part.values()) {
            ArrayNode a = root.putArray(p.wire());
            ds.splitKeys().get(p).forEach(a::add);
        }
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<DataSource.Part, List<String>> read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<DataSource.Part, List<String>> out = new EnumMap<>(DataSource.Part.class);
            for (DataSource.Part p : DataSource.Part.values()) {
                List<String> keys = new ArrayList<>();
                root.path(p.wire()).forEach(n -> keys.add(n.asText()));
                out.put(p, keys);
            }
            return out;
        } catch (IOException e) {
            throw new UsageException("cannot read split file " + file + ": " + e.getMessage());
        }
    }

    public static boolean exists(Path modelDir, String dataset) {
        return Files.isRegularFile(modelDir.resolve(fileName(dataset)));
    }
}
