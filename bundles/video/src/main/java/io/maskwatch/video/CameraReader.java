package io.maskwatch.video;

import io.maskwatch.api.CameraState;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads one camera on its own thread into a {@link FrameSlot}. It reconnects on the {@link Backoff}
 * ladder after a failure, restarts a connection that delivers no picture for the watchdog period, and
 * stops for good on a permanent failure (ERROR) or at the end of a file (STOPPED). A file is played at
 * the speed of its timestamps, as a camera would deliver it.
 */
public final class CameraReader implements AutoCloseable {

    /** Told of every state change, on the reader's thread; must return quickly. */
    @FunctionalInterface
    public interface StateListener {
        void changed(CameraState state, String reason);
    }

    /**
     * @param ioTimeout longest a single network read may block
     * @param watchdog  a connection that delivers no picture for this long is restarted
     */
    public record Options(Duration ioTimeout, Duration watchdog) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(20));
        }
    }

    private static final Logger LOG = Logger.getLogger(CameraReader.class.getName());

    private final String camera;
    private final Source source;
    private final Function<Source, Decoder> decoders;
    private final Options options;
    private final StateListener listener;
    private final FrameSlot slot = new FrameSlot();
    private final RateMeter rate = new RateMeter();
    private final Backoff backoff = new Backoff();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile CameraState state = CameraState.CONNECTING;
    private volatile String reason = "connecting";
    private volatile long decoded;

    public CameraReader(String camera, Source source, Function<Source, Decoder> decoders, Options options, StateListener listener) {
        this.camera = camera;
        this.source = source;
        this.decoders = decoders;
        this.options = options;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("maskwatch-video-" + camera).daemon().unstarted(this::loop);
    }

    /** A reader on FFmpeg with the default timeouts. */
    public static CameraReader ffmpeg(String camera, Source source, StateListener listener) {
        Options o = Options.defaults();
        return new CameraReader(camera, source, s -> new FfmpegDecoder(s, o.ioTimeout()), o, listener);
    }

    public CameraReader start() {
        thread.start();
        return this;
    }

    public FrameSlot slot() {
        return slot;
    }

    public CameraState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public long framesDecoded() {
        return decoded;
    }

    public double fpsIn() {
        return rate.perSecond(System.nanoTime());
    }

    public Thread thread() {
        return thread;
    }

    private void loop() {
        try {
            while (running) {
                try {
                    source.precheck();
                    readOneConnection();
                    if (!running) {
                        break;
                    }
                    if (!source.live()) {
                        setState(CameraState.STOPPED, "end of file");
                        return;
                    }
                    retryAfter("stream ended");
                } catch (SourceException e) {
                    if (!running) {
                        break;
                    }
                    if (e.permanent()) {
                        setState(CameraState.ERROR, e.getMessage());
                        return;
                    }
                    retryAfter(e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "camera " + camera + ": decoder failed", e);
            setState(CameraState.ERROR, "decoder failed: " + e);
            return;
        } finally {
            slot.close();
        }
        setState(CameraState.STOPPED, "stopped");
    }

    private void readOneConnection() throws SourceException, InterruptedException {
        try (Decoder d = decoders.apply(source)) {
            d.open();
            long connectNanos = System.nanoTime();
            Instant connectWall = Instant.now();
            long lastPicture = connectNanos;
            double firstMedia = Double.NaN;
            long number = 0;
            while (running) {
                Picture p = d.next();
                long now = System.nanoTime();
                if (p == null) {
                    return;
                }
                if (now - lastPicture > options.watchdog().toNanos()) {
                    throw new SourceException("no picture from " + source.redacted() + " for "
                            + options.watchdog().toSeconds() + " s", false);
                }
                lastPicture = now;
                double media = p.mediaSeconds();
                if (Double.isNaN(firstMedia) && !Double.isNaN(media)) {
                    firstMedia = media;
                }
                double sinceStart = Double.isNaN(media) ? (now - connectNanos) / 1e9 : media - firstMedia;
                if (!source.live()) {
                    pace(connectNanos, sinceStart);
                    now = System.nanoTime();
                }
                if (state != CameraState.RUNNING) {
                    backoff.reset();
                    setState(CameraState.RUNNING, null);
                }
                VideoFrame f = slot.acquire(p.width(), p.height());
                f.fill(p, ++number, connectWall.plusNanos((long) (sinceStart * 1e9)), now);
                slot.publish(f);
                decoded++;
                rate.mark(now);
            }
        }
    }

    private void pace(long startNanos, double mediaSeconds) throws InterruptedException {
        long due = startNanos + (long) (mediaSeconds * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    private void retryAfter(String why) throws InterruptedException {
        Duration wait = backoff.next();
        setState(CameraState.RECONNECTING, why + "; retry " + backoff.attempts() + " in " + wait.toSeconds() + " s");
        Thread.sleep(wait);
    }

    private void setState(CameraState s, String why) {
        if (s == state && java.util.Objects.equals(why, reason)) {
            return;
        }
        state = s;
        reason = why;
        try {
            listener.changed(s, why);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "camera " + camera + ": state listener failed", e);
        }
    }

    /**
     * Stops the thread and waits for it: at most about the I/O timeout when a read is blocked in FFmpeg.
     * The slot and its buffers are freed by the thread on its way out. Idempotent.
     */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(options.ioTimeout().plusSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning("camera " + camera + ": decoder thread did not stop in time");
        }
        slot.close();
    }
}
