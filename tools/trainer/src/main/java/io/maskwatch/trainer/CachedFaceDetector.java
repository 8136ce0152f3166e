package io.maskwatch.trainer;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.cli.UsageException;
import io.maskwatch.detector.FaceDetector;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.openvino.Core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The project's face detector with its answers kept on disk by the sha256 of the image's bytes,
 * because detecting a few thousand images costs minutes and every train and evaluate run needs the
 * same answer. The file's first line names the rule and every detector setting; a file written
 * under another header is ignored, so a changed detector detects again instead of reusing old
 * answers. Owns the OpenVINO core and the detector and closes them in {@link #close()}.
 */
final class CachedFaceDetector implements AutoCloseable {

    static final String UNREADABLE = "-";

    private final Core core;
    private final FaceDetector detector;
    private final FaceDetectorOptions options;
    private final Path file;
    private final String header;
    private final Predicate<String> wellFormed;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private int unsaved;

    private CachedFaceDetector(Core core, FaceDetector detector, FaceDetectorOptions options, Path file, String rule,
                               Predicate<String> wellFormed) {
        this.core = core;
        this.detector = detector;
        this.options = options;
        this.file = file;
        this.header = header(rule, options);
        this.wellFormed = wellFormed;
        read();
    }

    /**
     * Opens the detector's model from {@code <home>/models/third-party}.
     *
     * @param cacheDir   where {@code <rule name>-<model>.tsv} is kept
     * @param rule       what the cached values mean, with a version; the first word names the file
     * @param wellFormed accepts a value another run wrote completely; anything else is detected again
     * @param neededFor  the end of the missing-model error: what the detector is for and how to do without
     */
    static CachedFaceDetector open(Path home, Path cacheDir, FaceDetectorOptions options, String rule,
                                   Predicate<String> wellFormed, String neededFor) {
        Path modelFile = home.resolve("models/third-party").resolve(options.model().fileName());
        if (!Files.isRegularFile(modelFile)) {
            throw new UsageException("face model missing at " + modelFile + " (" + neededFor + ")");
        }
        Core core = Core.create();
        try {
            Path file = cacheDir.resolve(rule.split(" ")[0] + "-" + options.model().id() + ".tsv");
            return new CachedFaceDetector(core, new FaceDetector(core, modelFile, options), options, file, rule, wellFormed);
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /**
     * The first line of the cache: the rule's version and every detector setting, box calibration
     * included, so that a cache written by another detector is detected again rather than reused.
     */
    static String header(String rule, FaceDetectorOptions options) {
        return rule + " " + options;
    }

    FaceDetectorOptions options() {
        return options;
    }

    /**
     * The value for an image: the cached one, or what {@code detect} makes of the detector and the decoded image,
     * which is then cached. {@value #UNREADABLE} for a file that cannot be decoded (cached: it
     * stays broken until its bytes change) or read (not cached).
     */
    String lookup(Path image, BiFunction<FaceDetector, BgrFrame, String> detect) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image);
        } catch (IOException e) {
            return UNREADABLE;
        }
        String key = key(bytes);
        String hit = lines.get(key);
        if (hit != null) {
            return hit;
        }
        String value;
        try {
            value = detect.apply(detector, Images.decode(bytes)); // the bytes already read for the hash
        } catch (IOException | RuntimeException e) {
            value = UNREADABLE;
        }
        lines.put(key, value);
        unsaved++;
        return value;
    }

    /** Whether every field is a number: the check behind each {@code wellFormed}. */
    static boolean allNumbers(String[] fields) {
        try {
            for (String f : fields) {
                Double.parseDouble(f);
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String key(byte[] imageBytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(imageBytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (all.isEmpty() || !all.getFirst().equals(header)) {
                return;
            }
            for (String l : all.subList(1, all.size())) {
                int tab = l.indexOf('\t');
                if (tab > 0 && wellFormed.test(l.substring(tab + 1))) {
                    lines.put(l.substring(0, tab), l.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            lines.clear(); // a cache that cannot be read is only a slower run
        }
    }

    /** Writes the file when something was added, atomically, so an interrupted run leaves the old file. */
    void flush() {
        if (unsaved == 0) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            List<String> all = new ArrayList<>(lines.size() + 1);
            all.add(header);
            lines.forEach((k, v) -> all.add(k + "\t" + v));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, all, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            unsaved = 0;
        } catch (IOException e) {
            // Only the next run pays: it detects these images again.
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                detector.close();
            } finally {
                core.close();
            }
        }
    }
}
