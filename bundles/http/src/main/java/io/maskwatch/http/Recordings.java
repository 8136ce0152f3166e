package io.maskwatch.http;

import io.maskwatch.api.MaskEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/events/{id}/recording}: the recording a stored event was found in, with byte
 * ranges so a browser's player can seek; the console links it with {@code #t=media_offset_s}.
 * The file is the one the event store names for that event (written by the pipeline or
 * {@code analyze}); nothing from the request takes part in the path.
 */
final class Recordings {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Map<String, String> TYPES = Map.of("mp4", "video/mp4", "m4v", "video/mp4", "mov", "video/quicktime",
            "mkv", "video/x-matroska", "webm", "video/webm", "avi", "video/x-msvideo", "ts", "video/mp2t");

    private Recordings() {
    }

    static void serve(MaskEvent e, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (e.recording() == null) {
            throw BadRequest.notFound("event '" + e.id() + "' is from a live camera, not a recording");
        }
        if (e.recording().matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
            throw BadRequest.notFound("the recording of event '" + e.id() + "' is a URL, not a file here: " + e.recording());
        }
        Path file = Path.of(e.recording());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw BadRequest.notFound("the recording of event '" + e.id() + "' is no longer readable");
        }
        long size = Files.size(file);
        long from = 0;
        long to = size - 1;
        String range = req.getHeader("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                resp.setHeader("Content-Range", "bytes */" + size);
                throw new BadRequest(416, "unsupported range '" + range + "'");
            }
            if (m.group(1).isEmpty()) {
                from = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                from = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(m.group(2)));
                }
            }
            if (from > to) {
                resp.setHeader("Content-Range", "bytes */" + size);
                throw new BadRequest(416, "range '" + range + "' is outside the file");
            }
            resp.setStatus(206);
            resp.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        String name = file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        resp.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setContentLengthLong(to - from + 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(ch.position(from))) {
            OutputStream out = resp.getOutputStream();
            long left = to - from + 1;
            byte[] buf = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }
}
