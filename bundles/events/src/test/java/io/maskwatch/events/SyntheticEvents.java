package io.maskwatch.events;

import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The made-up event history the event-store benchmarks store: ended no_mask and mask_incorrect
 * events of {@value #CAMERAS} cameras, starting at random times over the {@link #SPAN} from
 * {@link #FIRST_START}; one event in ten was found in a recording. The JMH benchmark
 * ({@code bin/maskwatch bench events}) and the H2 comparison ({@link EventStoreBench}) load the
 * same history, so their figures compare; the bench module gets this class from this module's
 * test jar.
 */
public final class SyntheticEvents {

    public static final Instant FIRST_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration SPAN = Duration.ofDays(30);
    public static final int CAMERAS = 10;

    /** Seed of {@link #history()}: a fixed seed keeps the stored history the same from run to run. */
    private static final long HISTORY_SEED = 42;
    /** Recordings per camera, numbered 0000 to 0099; each holds the events of every 100th track. */
    private static final int RECORDINGS_PER_CAMERA = 100;
    /** Events per transaction when loading: few enough fsyncs that loading a million takes minutes, not hours. */
    private static final int LOAD_BATCH = 10_000;

    private final Random random;
    private long next;

    /** Events numbered from 0, with times and scores drawn from {@code seed}. */
    public SyntheticEvents(long seed) {
        random = new Random(seed);
    }

    /** The history the search benchmarks store. */
    public static SyntheticEvents history() {
        return new SyntheticEvents(HISTORY_SEED);
    }

    /**
     * Stores the first {@code count} events of {@link #history()} the fastest way the store offers
     * (its batch write, one transaction per {@value #LOAD_BATCH} events), then refreshes the
     * planner's statistics as after any large import.
     */
    public static void loadHistory(SqliteEventStore store, long count) {
        SyntheticEvents history = history();
        for (long left = count; left > 0; left -= LOAD_BATCH) {
            store.writeAll(history.next((int) Math.min(left, LOAD_BATCH)));
        }
        store.optimize();
    }

    public static String camera(int number) {
        return "cam" + number;
    }

    public static String recording(String camera, int number) {
        return String.format(Locale.ROOT, "/rec/%s/%04d.mp4", camera, number);
    }

    /**
     * The next event. Event {@code i} is on camera {@code i % CAMERAS} with track {@code i / CAMERAS};
     * being recorded depends on the track only, so every camera has recorded and mask_incorrect events.
     */
    public MaskEvent next() {
        long i = next++;
        String camera = camera((int) (i % CAMERAS));
        long track = i / CAMERAS;
        Instant start = FIRST_START.plusMillis((long) (random.nextDouble() * SPAN.toMillis()));
        double score = 0.5 + random.nextDouble() / 2;
        boolean recorded = track % 10 == 0;
        MaskLabel label = random.nextInt(10) == 0 ? MaskLabel.MASK_INCORRECT : MaskLabel.NO_MASK;
        return new MaskEvent(EventType.END, "ev-" + i, camera, label, track, start, start.plusSeconds(5),
                recorded ? random.nextDouble() * 600 : null, new PixelBox(100, 80, 180, 180), score, score, score * 0.95, null,
                recorded ? recording(camera, (int) (track % RECORDINGS_PER_CAMERA)) : null);
    }

    public List<MaskEvent> next(int count) {
        List<MaskEvent> events = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            events.add(next());
        }
        return events;
    }
}
