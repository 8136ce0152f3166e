package io.maskwatch.launcher.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads which images a training run used, so evaluation can leave them out: a JSON file (such as
 * models/mask-classifier/andrewmvd-split.json) whose arrays under keys naming training ("train",
 * "training", ...) list image names or paths, or a text file with one name per line.
 */
final class SplitFile {

    private SplitFile() {
    }

    /** Base names (e.g. {@code maksssksksss12.jpg}) of the images reserved for training. */
    static Set<String> trainingImages(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("split file " + file + " not found; pass the training split to leave out with --exclude FILE");
        }
        Set<String> out = new TreeSet<>();
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                collect(new ObjectMapper().readTree(file.toFile()), false, out);
            } else {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        out.add(baseName(line.strip()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read split file " + file + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new UsageException("split file " + file + " names no training images (expected a \"train\" array)");
        }
        return out;
    }

    private static void collect(JsonNode node, boolean training, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().toLowerCase(Locale.ROOT);
                collect(e.getValue(), training || key.startsWith("train"), out);
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collect(n, training, out);
            }
        } else if (training && node.isTextual()) {
            out.add(baseName(node.asText()));
        }
    }

    private static String baseName(String name) {
        return Path.of(name).getFileName().toString();
    }
}
