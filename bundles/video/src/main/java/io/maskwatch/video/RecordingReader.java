package io.maskwatch.video;

import java.time.Instant;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads a recording for indexing: a {@link RecordingDecoder} on its own thread fills a
 * {@link FrameQueue} (two frames; the decoder blocks when it is full, so decoding the next frame
 * overlaps the analysis of this one and nothing is dropped). The file is opened by {@link #open}, on
 * the caller's thread, so a file that cannot be read fails there with one line. The decoder thread
 * owns the decoder and closes it when it ends; {@link #close()} stops the thread and frees the queue.
 */
public final class RecordingReader implements AutoCloseable {

    static final int QUEUE_CAPACITY = 2;
    private static final Logger LOG = Logger.getLogger(RecordingReader.class.getName());

    private final RecordingDecoder decoder;
    private final FrameQueue queue = new FrameQueue(QUEUE_CAPACITY);
    private final Thread thread;
    private Instant wallStart;
    private volatile SourceException failure;
    private volatile double lastMedia = Double.NaN;
    private volatile boolean running = true;

    private RecordingReader(RecordingDecoder decoder) {
        this.decoder = decoder;
        this.thread = Thread.ofPlatform().name("maskwatch-recording-decoder").daemon().unstarted(this::loop);
    }

    /**
     * Opens the file and starts decoding.
     *
     * @param wallStart the wall-clock time of media time 0, for the frames' {@link VideoFrame#wallTime()},
     *                  from what the file holds
     * @throws SourceException a missing, unreadable or undecodable file, with a one-line reason
     */
    public static RecordingReader open(RecordingDecoder decoder, Function<RecordingDecoder.Info, Instant> wallStart)
            throws SourceException {
        decoder.open();
        RecordingReader r = new RecordingReader(decoder);
        try {
            r.wallStart = wallStart.apply(decoder.info());
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
        r.thread.start();
        return r;
    }

    public RecordingDecoder.Info info() {
        return decoder.info();
    }

    /**
     * The next sampled frame, oldest first, waiting for the decoder.
     *
     * @return the frame, to be handed back with {@link #release}; null at the end of the file
     * @throws SourceException when the decoder failed (the frames before the failure were delivered)
     */
    public VideoFrame take() throws InterruptedException, SourceException {
        VideoFrame f = queue.take();
        if (f == null && failure != null) {
            throw failure;
        }
        return f;
    }

    public void release(VideoFrame frame) {
        queue.release(frame);
    }

    /** Media seconds of the last frame decoded, or NaN. */
    public double lastMediaSeconds() {
        return lastMedia;
    }

    /** The decoder's counters; read after {@link #take()} returned null for final figures. */
    public RecordingDecoder.Stats stats() {
        return decoder.stats();
    }

    private void loop() {
        long number = 0;
        try (RecordingDecoder d = decoder) {
            Picture p;
            while (running && (p = d.next()) != null) {
                VideoFrame f = queue.acquire(p.width(), p.height());
                double media = Double.isNaN(p.mediaSeconds()) ? lastMedia : p.mediaSeconds();
                f.fill(p, ++number, wallStart.plusNanos((long) (media * 1e9)), System.nanoTime());
                lastMedia = media;
                if (!queue.put(f)) {
                    return;
                }
            }
        } catch (SourceException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.FINE, "recording decoder failed", e);
            failure = new SourceException("decoder failed: " + e, true, e);
        } finally {
            queue.end();
        }
    }

    /** Stops the decoder thread, waits for it, and frees the frame buffers. Idempotent. */
    @Override
    public void close() {
        running = false;
        queue.close();
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning("recording decoder thread did not stop in time");
        }
    }
}
