package io.maskwatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.CameraState;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CameraReaderTest {

    private static final CameraReader.Options FAST = new CameraReader.Options(Duration.ofSeconds(1), Duration.ofSeconds(2));
    private final List<String> states = new CopyOnWriteArrayList<>();

    private void record(CameraState s, String reason) {
        states.add(s + (reason == null ? "" : ": " + reason));
    }

    /** Fails {@code failures} times with a transient error, then gives {@code pictures} pictures and ends. */
    private static final class Scripted implements Decoder {
        final AtomicInteger opens;
        final int failures;
        final boolean permanent;
        int left;
        final MemorySegment pixels = Arena.ofAuto().allocate(8 * 4 * 3);

        Scripted(AtomicInteger opens, int failures, boolean permanent, int pictures) {
            this.opens = opens;
            this.failures = failures;
            this.permanent = permanent;
            this.left = pictures;
        }

        @Override
        public void open() throws SourceException {
            if (opens.incrementAndGet() <= failures) {
                throw new SourceException("cannot open test: connection refused", permanent);
            }
        }

        @Override
        public Picture next() {
            return left-- > 0 ? new Picture(8, 4, 24, pixels, (5 - left) * 0.04) : null;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void transientFailuresReconnectThenRun() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        Source src = Source.parse("rtsp://127.0.0.1:1/x");
        try (CameraReader r = new CameraReader("t", src, s -> new Scripted(opens, 1, false, 1000), FAST, this::record).start()) {
            VideoFrame f = r.slot().take(5, TimeUnit.SECONDS);
            assertTrue(f != null, "a frame after reconnecting; states " + states);
            r.slot().release(f);
            assertTrue(states.get(0).startsWith("RECONNECTING: cannot open test: connection refused; retry 1 in 1 s"), states.toString());
            assertTrue(states.contains("RUNNING"), states.toString());
        }
    }

    @Test
    void permanentFailureIsErrorWithoutRetry() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        Source src = Source.parse("rtsp://127.0.0.1:1/x");
        CameraReader r = new CameraReader("t", src, s -> new Scripted(opens, 1, true, 10), FAST, this::record).start();
        r.thread().join(5000);
        assertFalse(r.thread().isAlive());
        assertEquals(CameraState.ERROR, r.state());
        assertEquals(1, opens.get());
        r.close();
    }

    @Test
    void closeStopsTheThread() throws Exception {
        Source src = Source.parse("rtsp://127.0.0.1:1/x");
        CameraReader r = new CameraReader("t", src, s -> new Scripted(new AtomicInteger(), 0, false, Integer.MAX_VALUE), FAST,
                this::record).start();
        Thread.sleep(100);
        r.close();
        assertFalse(r.thread().isAlive());
        assertEquals(CameraState.STOPPED, r.state());
        assertTrue(r.framesDecoded() > 0);
    }
}
