package io.maskwatch.trainer;

import io.maskwatch.api.BgrFrame;

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
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the face detector found in an image, kept on disk by the sha256 of the image's bytes, because
 * detecting a few thousand images costs minutes and every train and evaluate run needs the same
 * answer. The file's first line names the rule and every detector setting; a file written under
 * another header is ignored, so a changed detector detects again instead of reusing old answers.
 */
final class DetectionCache {

    static final String UNREADABLE = "-";

    private final Path file;
    private final String header;
    private final Predicate<String> wellFormed;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private int unsaved;

    /**
     * @param wellFormed accepts a value another run wrote completely; anything else is detected again
     */
    DetectionCache(Path file, String header, Predicate<String> wellFormed) {
        this.file = file;
        this.header = header;
        this.wellFormed = wellFormed;
        read();
    }

    /**
     * The value for an image: the cached one, or what {@code detect} makes of the decoded image,
     * which is then cached. {@value #UNREADABLE} for a file that cannot be decoded (cached: it
     * stays broken until its bytes change) or read (not cached).
     */
    String lookup(Path image, Function<BgrFrame, String> detect) {
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
            value = detect.apply(Images.decode(bytes)); // the bytes already read for the hash
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
}
