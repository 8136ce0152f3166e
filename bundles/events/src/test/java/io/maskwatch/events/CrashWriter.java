package io.maskwatch.events;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process of {@link KillNineTest}: writes events forever and prints {@code ACK id} after
 * each write returns, i.e. after the store acknowledged it.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) {
        SqliteEventStore store = new SqliteEventStore(Path.of(args[0]));
        for (long i = 0; ; i++) {
            String id = "crash-" + i;
            byte[] snap = i % 3 == 0 ? new byte[2048] : null;
            store.write(Events.event(id, "cam" + (i % 4), i, Instant.ofEpochMilli(1_770_000_000_000L + i), 0.9), snap, null);
            System.out.println("ACK " + id);
            System.out.flush();
        }
    }
}
