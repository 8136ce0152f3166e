package io.maskwatch.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads a video file for indexing: as fast as it decodes (no real-time pacing), returning one picture
 * per sampling slot of {@code 1/fps} seconds of media time and never dropping one. A picture is the
 * first frame at or after its slot's time {@code k/fps} (media time from the start of the file);
 * slots the file has no frame for (a gap) are skipped, not filled twice.
 *
 * <p>What the sampling does not need is not decoded where the codec allows: packets before the next
 * slot are sent with {@code skip_frame = AVDISCARD_NONREF}, so the decoder drops the frames no other
 * frame refers to (H.264/HEVC B-frames, and any non-reference P-frames) without reconstructing them;
 * when the next slot lies beyond a later keyframe, the reader seeks to that keyframe instead of
 * decoding up to it; and only the pictures returned are converted to BGR. Other streams (audio,
 * subtitles) are discarded by the demuxer. The measurements behind these choices are in
 * {@code bench/results/analyze-*.txt}.
 *
 * <p>Owns every FFmpeg object it opens and frees them in {@link #close()} (idempotent). Used by one
 * thread at a time.
 */
public final class RecordingDecoder implements Decoder {

    /** What the file holds, known after {@link #open()}. */
    public record Info(int width, int height, String codec, double durationSeconds, double frameRate, Instant creationTime) {
    }

    /** Work done so far, for measurements. */
    public record Stats(long packets, long sentNonRefSkipped, long framesDecoded, long picturesReturned, long seeks) {
    }

    private static final Logger LOG = Logger.getLogger(RecordingDecoder.class.getName());
    /** A frame this close before a slot's time still fills it (timestamp rounding). */
    private static final double TOLERANCE = 1e-3;
    /** Damaged frames tolerated in one file before it counts as undecodable. */
    private static final int MAX_DECODE_ERRORS = 50;

    private final Path file;
    private final double fps;
    private final boolean skipNonRef;
    private final boolean seek;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private SwsContext sws;
    private BytePointer bgr;
    private long bgrBytes;
    private int stream = -1;
    private AVStream videoStream;
    private double timeBase;
    private long origin;
    private Info info;
    private long nextSlot;
    private long lastDts = Long.MIN_VALUE;
    private long lastSeek = Long.MIN_VALUE;
    private boolean flushing;
    private long packets;
    private long nonRefSent;
    private long decoded;
    private long returned;
    private long seeks;
    private int decodeErrors;
    private double lastTime;

    /** A decoder with every saving on. */
    public RecordingDecoder(Path file, double fps) {
        this(file, fps, true, true);
    }

    /**
     * @param skipNonRef decode non-reference frames before a slot with AVDISCARD_NONREF
     * @param seek       seek to a keyframe when the next slot lies beyond it
     */
    public RecordingDecoder(Path file, double fps, boolean skipNonRef, boolean seek) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be positive, was " + fps);
        }
        this.file = file;
        this.fps = fps;
        this.skipNonRef = skipNonRef;
        this.seek = seek;
    }

    @Override
    public void open() throws SourceException {
        FfmpegDecoder.quiet();
        if (!Files.isRegularFile(file)) {
            throw new SourceException("no such file", true);
        }
        if (!Files.isReadable(file)) {
            throw new SourceException("not readable (check its permissions)", true);
        }
        try {
            openAll();
        } catch (SourceException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void openAll() throws SourceException {
        AVFormatContext f = new AVFormatContext(null);
        int opened = avformat.avformat_open_input(f, file.toString(), null, null);
        if (opened < 0) {
            throw failure(mp4Header() ? "an MP4 file without its index (moov box): truncated, or not finished by its recorder"
                    : "not a video file FFmpeg can open", opened);
        }
        format = f;
        check(avformat.avformat_find_stream_info(format, (PointerPointer<?>) null), "cannot read the stream information");
        stream = avformat.av_find_best_stream(format, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (stream < 0) {
            throw new SourceException("has no video stream", true);
        }
        for (int i = 0; i < format.nb_streams(); i++) {
            if (i != stream) {
                format.streams(i).discard(avcodec.AVDISCARD_ALL);
            }
        }
        videoStream = format.streams(stream);
        AVCodecParameters par = videoStream.codecpar();
        AVCodec decoder = avcodec.avcodec_find_decoder(par.codec_id());
        if (decoder == null || decoder.isNull()) {
            throw new SourceException("has a video codec this FFmpeg build cannot decode (codec id " + par.codec_id() + ")", true);
        }
        codec = avcodec.avcodec_alloc_context3(decoder);
        check(avcodec.avcodec_parameters_to_context(codec, par), "has unusable codec parameters");
        codec.pkt_timebase(videoStream.time_base());
        // One decoding thread: frame threads add a frame of output delay each, so more packets are sent
        // before the sampling knows they are not needed (measured: 2813 of 3600 frames decoded at 5 fps
        // with automatic threads, 2270 with one), and the analysis needs the other cores for inference.
        codec.thread_count(1);
        check(avcodec.avcodec_open2(codec, decoder, (AVDictionary) null), "cannot open the " + decoder.name().getString() + " decoder");
        if (codec.width() <= 0 || codec.height() <= 0) {
            throw new SourceException("has a video stream without a picture size", true);
        }
        AVRational tb = videoStream.time_base();
        timeBase = tb.num() / (double) tb.den();
        // Media time counts from the start of the file as a player shows it: the container's start time.
        long start = format.start_time() != AV_NOPTS_VALUE ? avutil.av_rescale_q(format.start_time(), avutil.av_make_q(1, avutil.AV_TIME_BASE), tb)
                : videoStream.start_time() != AV_NOPTS_VALUE ? videoStream.start_time() : 0;
        origin = start;
        packet = avcodec.av_packet_alloc();
        frame = avutil.av_frame_alloc();
        // The video's own duration where the container states it (an audio track may run longer).
        double duration = videoStream.duration() != AV_NOPTS_VALUE ? videoStream.duration() * timeBase
                : format.duration() != AV_NOPTS_VALUE ? format.duration() / (double) avutil.AV_TIME_BASE : Double.NaN;
        AVRational rate = videoStream.avg_frame_rate();
        double frameRate = rate.den() == 0 ? Double.NaN : rate.num() / (double) rate.den();
        info = new Info(codec.width(), codec.height(), decoder.name().getString(), duration, frameRate, creationTime());
    }

    /** Whether the file starts like an MP4/MOV ({@code ftyp} box). */
    private boolean mp4Header() {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            return head.length == 8 && new String(head, 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("ftyp");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Instant creationTime() {
        AVDictionaryEntry e = avutil.av_dict_get(format.metadata(), "creation_time", null, 0);
        if (e == null || e.isNull() || e.value() == null) {
            return null;
        }
        try {
            return Instant.parse(e.value().getString());
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    public Info info() {
        return info;
    }

    public Stats stats() {
        return new Stats(packets, nonRefSent, decoded, returned, seeks);
    }

    /** Media seconds of the next sampling slot. */
    private double slotTime() {
        return nextSlot / fps;
    }

    /**
     * @return the next sampled picture, in a buffer owned by this decoder and valid until the next
     *         call; null at the end of the file
     * @throws SourceException when the file cannot be read further (a truncated or corrupt file)
     */
    @Override
    public Picture next() throws SourceException {
        while (true) {
            int r = avcodec.avcodec_receive_frame(codec, frame);
            if (r == 0) {
                decoded++;
                long pts = frame.best_effort_timestamp();
                // Without a timestamp, the frame's place at the nominal rate.
                double t = pts != AV_NOPTS_VALUE ? (pts - origin) * timeBase
                        : info.frameRate() > 0 ? (decoded - 1) / info.frameRate() : Double.NaN;
                if (!Double.isNaN(t)) {
                    lastTime = t;
                }
                if (Double.isNaN(t) || t >= slotTime() - TOLERANCE) {
                    // Slots this frame covers are filled by it; the next picture is for a later slot.
                    nextSlot = Double.isNaN(t) ? nextSlot + 1 : Math.max(nextSlot + 1, (long) Math.floor((t + TOLERANCE) * fps) + 1);
                    Picture p = convert(t);
                    avutil.av_frame_unref(frame);
                    returned++;
                    return p;
                }
                avutil.av_frame_unref(frame);
                continue;
            }
            if (r == AVERROR_EOF) {
                return null;
            }
            if (r != avutil.AVERROR_EAGAIN()) {
                // A damaged frame: decoders conceal and go on, and so does the sampling, up to a limit.
                if (++decodeErrors > MAX_DECODE_ERRORS) {
                    throw failure(String.format(java.util.Locale.ROOT, "cannot decode after %.1f s", lastTime), r);
                }
                LOG.fine(() -> file + ": a frame failed to decode (" + error(r) + ")");
                continue;
            }
            if (flushing) {
                return null;
            }
            feed();
        }
    }

    /** Sends the next video packet to the decoder, or starts flushing at the end of the file. */
    private void feed() throws SourceException {
        while (true) {
            maybeSeek();
            int r = avformat.av_read_frame(format, packet);
            if (r < 0 && r != AVERROR_EOF) {
                // A file cut short ends here; the caller compares where with the stated duration.
                LOG.fine(() -> file + ": reading stopped after " + lastTime + " s (" + error(r) + ")");
            }
            if (r < 0) {
                flushing = true;
                check(avcodec.avcodec_send_packet(codec, null), "cannot flush the decoder");
                return;
            }
            try {
                if (packet.stream_index() != stream) {
                    continue;
                }
                packets++;
                if (packet.dts() != AV_NOPTS_VALUE) {
                    lastDts = packet.dts();
                }
                long pts = packet.pts();
                boolean beforeSlot = pts != AV_NOPTS_VALUE && (pts - origin) * timeBase < slotTime() - TOLERANCE;
                int discard = skipNonRef && beforeSlot ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
                if (discard == AVDISCARD_NONREF) {
                    nonRefSent++;
                }
                codec.skip_frame(discard);
                int s = avcodec.avcodec_send_packet(codec, packet);
                if (s < 0 && s != avutil.AVERROR_INVALIDDATA) {
                    throw failure("cannot decode", s);
                }
                return;
            } finally {
                avcodec.av_packet_unref(packet);
            }
        }
    }

    /**
     * Seeks to the last keyframe at or before the next slot when that keyframe lies ahead of what has
     * been read: everything up to it would be decoded only to be thrown away.
     */
    private void maybeSeek() {
        if (!seek || lastDts == Long.MIN_VALUE) {
            return;
        }
        // Index times may be decode times, which run ahead of presentation by the reorder delay: keep
        // that much margin so the keyframe sought to is never after the slot.
        double period = Double.isNaN(info.frameRate()) || info.frameRate() <= 0 ? 0.05 : 1 / info.frameRate();
        double margin = (codec.has_b_frames() + 1) * period;
        long target = origin + (long) Math.floor((slotTime() - TOLERANCE - margin) / timeBase);
        int i = avformat.av_index_search_timestamp(videoStream, target, avformat.AVSEEK_FLAG_BACKWARD);
        if (i < 0) {
            return;
        }
        AVIndexEntry e = avformat.avformat_index_get_entry(videoStream, i);
        // The first packet after a seek may carry a decode time before the index time: never seek to
        // the same keyframe twice, and only to one past the reorder margin.
        long ahead = (long) Math.ceil(margin / timeBase);
        if (e == null || e.isNull() || e.timestamp() <= lastSeek || e.timestamp() <= lastDts + ahead) {
            return;
        }
        long ts = e.timestamp();
        lastSeek = ts;
        // Forward only: a keyframe between the one found and the slot, never one already passed.
        if (avformat.avformat_seek_file(format, stream, ts, ts, target, 0) >= 0) {
            avcodec.avcodec_flush_buffers(codec);
            lastDts = ts;
            seeks++;
            LOG.finest(() -> "seeked to keyframe at " + (ts - origin) * timeBase + " s for the slot at " + slotTime() + " s");
        }
    }

    private Picture convert(double mediaSeconds) throws SourceException {
        int w = frame.width();
        int h = frame.height();
        sws = swscale.sws_getCachedContext(sws, w, h, frame.format(), w, h, avutil.AV_PIX_FMT_BGR24, swscale.SWS_BILINEAR,
                null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new SourceException("cannot convert its pictures (pixel format " + frame.format() + ")", true);
        }
        long bytes = (long) w * h * 3;
        if (bgr == null || bgrBytes != bytes) {
            if (bgr != null) {
                bgr.close();
            }
            bgr = new BytePointer(bytes);
            bgrBytes = bytes;
        }
        // sws_scale reads four plane pointers and strides whatever the format.
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(4); IntPointer stride = new IntPointer(4)) {
            dst.put(0, bgr);
            stride.put(0, w * 3);
            swscale.sws_scale(sws, frame.data(), frame.linesize(), 0, h, dst, stride);
        }
        return new Picture(w, h, w * 3, MemorySegment.ofBuffer(bgr.position(0).limit(bytes).asByteBuffer()), mediaSeconds);
    }

    private void check(int code, String what) throws SourceException {
        if (code < 0) {
            throw failure(what, code);
        }
    }

    private SourceException failure(String what, int code) {
        String detail = error(code);
        LOG.log(Level.FINE, file + ": " + what + " (" + detail + ", code " + code + ")");
        return new SourceException(what + " (" + detail + ")", true);
    }

    private static String error(int code) {
        if (code == avutil.AVERROR_INVALIDDATA) {
            return "invalid data";
        }
        try (BytePointer buf = new BytePointer(256)) {
            avutil.av_strerror(code, buf, 256);
            return buf.getString();
        }
    }

    @Override
    public void close() {
        if (sws != null) {
            swscale.sws_freeContext(sws);
            sws = null;
        }
        if (bgr != null) {
            bgr.close();
            bgr = null;
        }
        if (frame != null) {
            avutil.av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            avcodec.av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec.avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            avformat.avformat_close_input(format);
            format = null;
        }
    }
}
