package io.maskwatch.video;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A {@link Decoder} on JavaCV's FFmpegFrameGrabber, asking FFmpeg for BGR24 pictures. RTSP runs over
 * TCP; every network read has an I/O timeout, so a stalled stream fails the read instead of blocking
 * the camera's thread forever. The grabber's own picture buffer is lent out until the next call.
 */
public final class FfmpegDecoder implements Decoder {

    private static final Logger LOG = Logger.getLogger(FfmpegDecoder.class.getName());
    private static final Pattern CODE = Pattern.compile("error (-?\\d+)");
    // FFERRTAG(0xF8,'4','0','1') and friends, from libavutil/error.h.
    private static final int HTTP_UNAUTHORIZED = -0x313034F8;
    private static final int HTTP_FORBIDDEN = -0x333034F8;
    private static final int HTTP_NOT_FOUND = -0x343034F8;
    private static final int INVALID_DATA = -0x41444E49;

    static {
        quiet();
    }

    /**
     * Failures reach the user as one line through SourceException; FFmpeg's own chatter would
     * interleave with the host's lines on the console.
     */
    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final Source source;
    private final Duration ioTimeout;
    private FFmpegFrameGrabber grabber;
    private long firstTimestamp = Long.MIN_VALUE;

    public FfmpegDecoder(Source source, Duration ioTimeout) {
        this.source = source;
        this.ioTimeout = ioTimeout;
    }

    @Override
    public void open() throws SourceException {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.location());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        String micros = Long.toString(ioTimeout.toNanos() / 1000);
        switch (source.kind()) {
            case RTSP -> {
                // TCP unless the URL asks for UDP with FFmpeg's own "?udp" option, for cameras and
                // relays that refuse interleaved TCP.
                if (!source.location().matches(".*[?&]udp(&.*)?$")) {
                    g.setOption("rtsp_transport", "tcp");
                }
                g.setOption("timeout", micros);
            }
            case HTTP -> g.setOption("rw_timeout", micros);
            case FILE -> {
            }
        }
        try {
            g.start();
        } catch (FrameGrabber.Exception e) {
            release(g);
            throw classify("cannot open", e);
        }
        grabber = g;
        if (g.getVideoStream() < 0 || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            close();
            throw new SourceException(source.redacted() + " has no video stream", true);
        }
    }

    @Override
    public Picture next() throws SourceException {
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw classify("read failed on", e);
        }
        if (f == null || f.image == null || f.image[0] == null) {
            return null;
        }
        if (firstTimestamp == Long.MIN_VALUE) {
            firstTimestamp = f.timestamp;
        }
        ByteBuffer buf = (ByteBuffer) f.image[0];
        double media = f.timestamp == avutil.AV_NOPTS_VALUE ? Double.NaN : (f.timestamp - firstTimestamp) / 1e6;
        return new Picture(f.imageWidth, f.imageHeight, f.imageStride, MemorySegment.ofBuffer(buf.position(0)), media);
    }

    private SourceException classify(String what, FrameGrabber.Exception e) {
        String msg = String.valueOf(e.getMessage());
        Matcher m = CODE.matcher(msg);
        int code = m.find() ? Integer.parseInt(m.group(1)) : 0;
        LOG.log(Level.FINE, what + " " + source.redacted(), e);
        String where = source.redacted();
        if (code == HTTP_UNAUTHORIZED || code == HTTP_FORBIDDEN) {
            return new SourceException(where + " refused the credentials (" + (code == HTTP_UNAUTHORIZED ? "401" : "403")
                    + "): check the user and password in the source URL", true, e);
        }
        if (source.kind() == Source.Kind.FILE) {
            return new SourceException(where + " is not a playable video file (" + reason(code, msg) + ")", true, e);
        }
        if (code == HTTP_NOT_FOUND) {
            return new SourceException(what + " " + where + ": stream not found (404)", false, e);
        }
        return new SourceException(what + " " + where + ": " + reason(code, msg), false, e);
    }

    private static String reason(int code, String message) {
        return switch (code) {
            case -111 -> "connection refused";
            case -110 -> "timed out";
            case -113, -101 -> "host unreachable";
            case -104 -> "connection reset";
            case -5 -> "I/O error";
            case INVALID_DATA -> "invalid data";
            case 0 -> message;
            default -> "FFmpeg error " + code;
        };
    }

    @Override
    public void close() {
        FFmpegFrameGrabber g = grabber;
        grabber = null;
        if (g != null) {
            release(g);
        }
    }

    private void release(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.log(Level.FINE, "closing the grabber of " + source.redacted() + " failed", e);
        }
    }
}
