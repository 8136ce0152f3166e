package io.maskwatch.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The product's SQLite event store in a new temporary directory, which {@link #close()} deletes
 * with everything in it: benchmarks measure the real database file and leave nothing behind. The
 * bench module gets this class from this module's test jar.
 */
public final class ScratchEventStore implements AutoCloseable {

    private final Path directory;
    private final SqliteEventStore store;

    private ScratchEventStore(Path directory) {
        this.directory = directory;
        this.store = new SqliteEventStore(directory);
    }

    /** A new, empty store under {@code java.io.tmpdir}, in a directory named from {@code prefix}. */
    public static ScratchEventStore create(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(prefix);
        try {
            return new ScratchEventStore(directory);
        } catch (RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    public SqliteEventStore store() {
        return store;
    }

    @Override
    public void close() throws IOException {
        store.close();
        deleteTree(directory);
    }

    /** Deletes {@code root} and everything below it; nothing when it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(root)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : deepestFirst) {
            Files.delete(path);
        }
    }
}
