package io.maskwatch.bench;

import io.maskwatch.api.EventQuery;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.events.ScratchEventStore;
import io.maskwatch.events.SqliteEventStore;
import io.maskwatch.events.SyntheticEvents;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The product's SQLite event store ({@link SqliteEventStore} on a database file in a temporary
 * directory), used as the pipeline and the investigators use it: durable single writes, each
 * returning once its commit is fsynced, and each {@link Question} (a search or a count) over a
 * store of {@code storeSize} events (10 cameras over 30 days), loaded anew for each question
 * because JMH runs each in its own JVM. The event history, the snapshot sizes and
 * the query shapes are those of the hand-written runner that measured the store before
 * ({@code bench/results/events-2026-11-28*.txt}), so the figures compare. Sample time, so each
 * result carries percentiles: the tail of a write is what a camera's pipeline waits for.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EventsBench {

    /** The old runner's snapshot sizes; the store writes the bytes as they are, so zeros cost what a JPEG does. */
    private static final byte[] FACE_JPEG = new byte[20_000];
    private static final byte[] FRAME_JPEG = new byte[60_000];

    /** An empty store that the write benchmarks fill with fresh events. */
    @State(Scope.Benchmark)
    public static class EmptyStore {

        private ScratchEventStore scratch;
        private SyntheticEvents events;

        @Setup(Level.Trial)
        public void create() throws IOException {
            scratch = ScratchEventStore.create("maskwatch-bench-writes-");
            events = new SyntheticEvents(7);
        }

        /**
         * Each call makes a new event (a new id, so an insert rather than an update); making it
         * takes microseconds, small beside the fsynced commit being measured.
         */
        MaskEvent write(byte[] faceJpeg, byte[] frameJpeg) {
            return scratch.store().write(events.next(), faceJpeg, frameJpeg);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            scratch.close();
        }
    }

    /** What the investigators ask the store, in the old runner's words: a page of 100 newest first, or a count. */
    public enum Question {
        EVERYTHING_NEWEST_100,
        ONE_CAMERA_NEWEST_100,
        ONE_CAMERA_ONE_HOUR,
        THREE_CAMERAS_ONE_DAY,
        MASK_INCORRECT_MIN_SCORE,
        CAMERA_AND_TRACK,
        ONE_RECORDING,
        ONE_DAY_PAGE_10,
        COUNT_ONE_CAMERA,
        COUNT_EVERYTHING;

        boolean isCount() {
            return this == COUNT_ONE_CAMERA || this == COUNT_EVERYTHING;
        }

        /** The question as a query over a history of {@code storeSize} events; a count ignores its page. */
        EventQuery over(int storeSize) {
            Instant midway = SyntheticEvents.FIRST_START.plus(SyntheticEvents.SPAN.dividedBy(2));
            Instant dayLater = midway.plus(Duration.ofDays(1));
            String camera = SyntheticEvents.camera(3);
            // Tracks are numbered through the history, so one from its middle exists at every store size.
            long middleTrack = storeSize / 2 / SyntheticEvents.CAMERAS;
            return switch (this) {
                case EVERYTHING_NEWEST_100, COUNT_EVERYTHING -> page(Set.of(), null, null, null, null, null, null, 0);
                case ONE_CAMERA_NEWEST_100, COUNT_ONE_CAMERA -> page(Set.of(camera), null, null, null, null, null, null, 0);
                case ONE_CAMERA_ONE_HOUR -> page(Set.of(camera), null, midway, midway.plus(Duration.ofHours(1)), null, null, null, 0);
                case THREE_CAMERAS_ONE_DAY -> page(Set.of(SyntheticEvents.camera(1), SyntheticEvents.camera(2), SyntheticEvents.camera(7)),
                        null, midway, dayLater, null, null, null, 0);
                case MASK_INCORRECT_MIN_SCORE -> page(Set.of(), MaskLabel.MASK_INCORRECT, null, null, 0.9, null, null, 0);
                case CAMERA_AND_TRACK -> page(Set.of(SyntheticEvents.camera(5)), null, null, null, null, middleTrack, null, 0);
                case ONE_RECORDING -> page(Set.of(), null, null, null, null, null,
                        SyntheticEvents.recording(SyntheticEvents.camera(4), 40), 0);
                case ONE_DAY_PAGE_10 -> page(Set.of(), null, midway, dayLater, null, null, null, 900);
            };
        }

        private static EventQuery page(Set<String> cameras, MaskLabel label, Instant after, Instant before, Double minScore,
                Long trackId, String recording, int offset) {
            return new EventQuery(cameras, label, after, before, minScore, trackId, null, recording, 100, offset, true);
        }
    }

    /** A store of {@code storeSize} events of the synthetic history, loaded once per trial, and the question asked of it. */
    @State(Scope.Benchmark)
    public static class FilledStore {

        @Param("1000000")
        @QuickParam("100000")
        int storeSize;

        /** Without values JMH asks every {@link Question}, so a question added there is measured too. */
        @Param
        Question question;

        private ScratchEventStore scratch;
        private EventQuery filter;

        @Setup(Level.Trial)
        public void load() throws IOException {
            scratch = ScratchEventStore.create("maskwatch-bench-search-");
            long started = System.nanoTime();
            SyntheticEvents.loadHistory(scratch.store(), storeSize);
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            filter = question.over(storeSize);
            // A question whose page is empty would time an empty answer, not the question.
            long matches = scratch.store().count(filter);
            if (matches <= filter.offset()) {
                throw new IllegalStateException(question + " finds nothing in " + storeSize + " events; raise storeSize");
            }
            // JMH shows a fork's output with its iterations: the load time is worth seeing, not worth a benchmark.
            System.out.printf(Locale.ROOT, "loaded %,d events in %.1f s, database %,d bytes; %s matches %,d%n", storeSize,
                    loadSeconds, scratch.store().bytesUsed(), question, matches);
        }

        Object ask() {
            return question.isCount() ? scratch.store().count(filter) : scratch.store().search(filter);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            scratch.close();
        }
    }

    @Benchmark
    public MaskEvent writeWithoutSnapshot(EmptyStore store) {
        return store.write(null, null);
    }

    @Benchmark
    public MaskEvent writeWithFaceAndFrameSnapshots(EmptyStore store) {
        return store.write(FACE_JPEG, FRAME_JPEG);
    }

    @Benchmark
    public Object ask(FilledStore store) {
        return store.ask();
    }
}
