package io.maskwatch.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes BGR pictures to an MPEG-4 file, for the demo clip and for tests that need footage made at
 * run time (nothing third-party is committed). MPEG-4 Part 2 is in every FFmpeg build, GPL or not.
 */
public final class ClipWriter implements AutoCloseable {

    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final int width;
    private final int height;

    public ClipWriter(Path file, int width, int height, double fps) throws SourceException {
        FfmpegDecoder.quiet();
        this.width = width;
        this.height = height;
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
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
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("picture has " + bgr.length + " bytes, expected " + width * height * 3);
        }
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        for (int y = 0; y < height; y++) {
            buf.put(y * stride, bgr, y * width * 3, width * 3);
        }
        try {
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
