package io.maskwatch.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.api.MaskLabel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the classifier needs from {@code model.json}: where the IR is, the network's input
 * (size, colour order, mean/scale) and the label order of the output.
 *
 * @param labels  the face labels, in output order
 * @param notFace the model has one more output after the face labels, {@value #NOT_FACE}: the
 *                probability that a detector's candidate is not a face at all
 */
public record ModelInfo(Path directory, Path xml, Path bin, int width, int height, boolean rgb,
                        float[] mean, float[] scale, List<MaskLabel> labels, boolean notFace, double cropScale) {

    public static final String NOT_FACE = "not_face";

    public static final String FORMAT = "maskwatch-classifier/1";
    public static final String FILE = "model.json";

    /** Reads {@code dir/model.json}; throws IllegalArgumentException naming what is missing or wrong. */
    public static ModelInfo read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + FILE + " in " + dir + ": not a classifier model folder");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + " has format '" + root.path("format").asText() + "', expected " + FORMAT);
        }
        JsonNode in = root.path("input");
        int w = in.path("width").asInt(0);
        int h = in.path("height").asInt(0);
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException(file + ": input.width/height missing");
        }
        List<String> names = new ArrayList<>();
        root.path("labels").forEach(n -> names.add(n.asText()));
        boolean notFace = !names.isEmpty() && names.getLast().equals(NOT_FACE);
        List<MaskLabel> labels = new ArrayList<>();
        try {
            names.subList(0, notFace ? names.size() - 1 : names.size()).forEach(n -> labels.add(MaskLabel.parse(n)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage() + " (" + NOT_FACE + " may only be the last label)", e);
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException(file + ": needs at least two face labels");
        }
        Path xml = dir.resolve(root.path("ir").path("xml").asText("model.xml"));
        Path bin = dir.resolve(root.path("ir").path("bin").asText("model.bin"));
        String colour = in.path("colour_order").asText("RGB");
        double cropScale = root.path("crop").path("scale").asDouble(FaceCrop.DEFAULT_SCALE);
        return new ModelInfo(dir, xml, bin, w, h, !"BGR".equalsIgnoreCase(colour),
                floats(in.path("mean"), 0f), floats(in.path("scale"), 1f), List.copyOf(labels), notFace, cropScale);
    }

    /** How many values the network gives per face. */
    public int outputs() {
        return labels.size() + (notFace ? 1 : 0);
    }

    private static float[] floats(JsonNode arr, float fallback) {
        if (!arr.isArray() || arr.isEmpty()) {
            return new float[] {fallback, fallback, fallback};
        }
        float[] v = new float[arr.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) arr.get(i).asDouble();
        }
        return v;
    }
}
