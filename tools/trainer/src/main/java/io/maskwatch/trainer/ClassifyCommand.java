package io.maskwatch.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.classifier.Prediction;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code classify [--json] [--model DIR] IMAGE|DIR ...}: each image is a face crop. Prints one JSON
 * line per image (the contract; {@code --json} is accepted and is the default), or with
 * {@code --text} a tab-separated line for people.
 */
final class ClassifyCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 16;

    private ClassifyCommand() {
    }

    /** @return 0 when every image was classified, 1 when some failed */
    static int run(Args a, PrintStream out, PrintStream err) throws IOException {
        if (a.positionals().isEmpty()) {
            throw new UsageException("give at least one IMAGE or DIR to classify");
        }
        boolean json = !a.flag("--text");
        List<Path> images = new ArrayList<>();
        for (String p : a.positionals()) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.walk(path)) {
                    s.filter(Files::isRegularFile).filter(DataSource::isImageName).sorted().forEach(images::add);
                }
            } else {
                // A named file is tried even with an odd extension; a missing one reports an error line.
                images.add(path);
            }
        }
        int failures = 0;
        try (MaskClassifier c = MaskClassifier.open(Cli.modelDir(a))) {
            for (int start = 0; start < images.size(); start += BATCH) {
                List<Path> batch = images.subList(start, Math.min(images.size(), start + BATCH));
                List<Path> ok = new ArrayList<>();
                List<BgrFrame> frames = new ArrayList<>();
                List<String> lines = new ArrayList<>();
                List<Integer> slots = new ArrayList<>();
                for (Path img : batch) {
                    try {
                        frames.add(Images.decode(img));
                        ok.add(img);
                        slots.add(lines.size());
                        lines.add(null);
                    } catch (IOException | RuntimeException e) {
                        failures++;
                        lines.add(error(img, e.getMessage(), json));
                    }
                }
                List<Prediction> preds = frames.isEmpty() ? List.of() : c.classifyImages(frames);
                for (int i = 0; i < preds.size(); i++) {
                    lines.set(slots.get(i), line(ok.get(i), preds.get(i), json, c.info().notFace()));
                }
                lines.forEach(out::println);
                out.flush();
            }
        }
        if (failures > 0) {
            err.println("warning: " + failures + " of " + images.size() + " image(s) could not be read");
        }
        return failures == 0 ? 0 : 1;
    }

    /** @param faceProb the model has a not_face output: its face probability is printed too */
    static String line(Path img, Prediction p, boolean json, boolean faceProb) {
        if (!json) {
            return String.format(Locale.ROOT, "%s\t%s\t%.4f", img, p.label().wireName(), p.score());
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("image", img.toString());
        o.put("label", p.label().wireName());
        o.put("score", p.score());
        ObjectNode probs = o.putObject("probs");
        for (MaskLabel l : p.labels()) {
            probs.put(l.wireName(), p.prob(l));
        }
        if (faceProb) {
            o.put("face_prob", p.faceProb());
        }
        return o.toString();
    }

    static String error(Path img, String message, boolean json) {
        if (!json) {
            return img + "\terror\t" + message;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("image", img.toString());
        o.put("error", message == null ? "unreadable" : message);
        return o.toString();
    }
}
