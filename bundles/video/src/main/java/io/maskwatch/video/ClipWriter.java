package io.maskwatch.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes BGR pictures to an MP4 file: the demo clip, footage that tests make at run time (nothing
 * third-party is committed), and {@code analyze --annotated}. MPEG-4 Part 2 is in every FFmpeg build,
 * GPL or not; H.264 is Cisco's OpenH264 encoder (BSD), which the LGPL FFmpeg build carries.
 * Owns the recorder and its frame buffer; {@link #close()} finishes the file and frees both.
 */
public final class ClipWriter implements AutoCloseable {

    /** The video codec of a clip. */
    public enum Codec {
        MPEG4,
        H264
    }

    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final int width;
    private final int height;

    /** An MPEG-4 Part 2 clip at a constant frame rate. */
    public ClipWriter(Path file, int width, int height, double fps) throws SourceException {
        this(file, width, height, fps, Codec.MPEG4);
    }

    public ClipWriter(Path file, int width, int height, double fps, Codec codec) throws SourceException {
        FfmpegDecoder.quiet();
        this.width = width;
        this.height = height;
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        if (codec == Codec.H264) {
            recorder.setVideoCodecName("libopenh264");
        } else {
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        }
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoBitrate(Math.max(400_000, width * height * 2));
        recorder.setGopSize((int) Math.max(1, Math.round(fps)));
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            throw new SourceException("cannot write " + file + ": " + e.getMessage(), true, e);
        }
        frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /** Appends one picture: {@code bgr} holds {@code width * height * 3} packed bytes. */
    public void write(byte[] bgr) throws SourceException {
        write(bgr, -1);
    }

    /**
     * Appends one picture shown from {@code micros} after the start of the clip (frames of a sampled
     * recording keep their media times); -1 for the next slot of the constant frame rate.
     */
    public void write(byte[] bgr, long micros) throws SourceException {
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("picture has " + bgr.length + " bytes, expected " + width * height * 3);
        }
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        for (int y = 0; y < height; y++) {
            buf.put(y * stride, bgr, y * width * 3, width * 3);
        }
        try {
            if (micros >= 0 && micros > recorder.getTimestamp()) {
                recorder.setTimestamp(micros);
            }
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        } catch (FrameRecorder.Exception e) {
            throw new SourceException("cannot encode a frame: " + e.getMessage(), true, e);
        }
    }

    @Override
    public void close() throws SourceException {
        try {
            recorder.close();
        } catch (FrameRecorder.Exception e) {
            throw new SourceException("cannot finish the clip: " + e.getMessage(), true, e);
        } finally {
            frame.close();
        }
    }
}
