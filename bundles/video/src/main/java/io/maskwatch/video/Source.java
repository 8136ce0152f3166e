package io.maskwatch.video;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A camera source as configured: an rtsp/rtsps/http/https URL or a local file (a path or file: URL).
 *
 * @param location what FFmpeg opens (a URL, or an absolute file path)
 * @param kind     how it is read
 */
public record Source(String location, Kind kind) {

    public enum Kind {
        /** RTSP(S) over TCP: a live stream. */
        RTSP,
        /** HTTP(S): MJPEG or HLS; live. */
        HTTP,
        /** A local file, played in real time from its timestamps, once. */
        FILE
    }

    /**
     * @throws SourceException (permanent) for an empty value or a scheme this reader cannot open
     */
    public static Source parse(String value) throws SourceException {
        if (value == null || value.isBlank()) {
            throw new SourceException("source is empty: give an rtsp://, rtsps://, http(s):// URL or a file path", true);
        }
        String v = value.trim();
        int colon = v.indexOf("://");
        if (colon < 0) {
            return new Source(Path.of(v).toAbsolutePath().normalize().toString(), Kind.FILE);
        }
        String scheme = v.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "rtsp", "rtsps" -> new Source(v, Kind.RTSP);
            case "http", "https" -> new Source(v, Kind.HTTP);
            case "file" -> {
                try {
                    yield new Source(Path.of(new URI(v)).toString(), Kind.FILE);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new SourceException("source '" + v + "' is not a valid file URL", true, e);
                }
            }
            default -> throw new SourceException("unsupported source scheme '" + scheme
                    + "': use rtsp://, rtsps://, http(s):// or a file path", true);
        };
    }

    public boolean live() {
        return kind != Kind.FILE;
    }

    /** Checks what can be checked before FFmpeg is involved. */
    void precheck() throws SourceException {
        if (kind == Kind.FILE) {
            Path p = Path.of(location);
            if (!Files.isRegularFile(p)) {
                throw new SourceException("video file not found: " + p, true);
            }
            if (!Files.isReadable(p)) {
                throw new SourceException("video file is not readable: " + p + " (check its permissions)", true);
            }
        }
    }

    /** The location with any password replaced, for logs and status lines. */
    public String redacted() {
        return redact(location);
    }

    static String redact(String text) {
        return text.replaceAll("(://[^:/@\\s]*):[^@/\\s]*@", "$1:***@");
    }
}
