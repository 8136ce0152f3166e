package io.maskwatch.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * JPEG snapshots beside the database, named by a random key the store generates. Event ids come
 * from cameras and clients, so they never take part in a file name: no id can reach outside this
 * directory.
 */
final class SnapshotFiles {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    SnapshotFiles(Path root) {
        this.root = root;
    }

    static String newKey() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    Path path(String key, boolean fullFrame) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalStateException("corrupt snapshot key in the event database");
        }
        return root.resolve(key.substring(0, 2)).resolve(key + (fullFrame ? "-frame.jpg" : "-face.jpg"));
    }

    /**
     * Writes both files durably (fsync of file and directory) before the database row that names
     * them commits, so a row never points at a file that a crash lost.
     *
     * @return bytes written
     */
    long write(String key, byte[] face, byte[] frame) {
        long n = 0;
        try {
            if (face != null) {
                n += writeDurably(path(key, false), face);
            }
            if (frame != null) {
                n += writeDurably(path(key, true), frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot under " + root + ": " + e.getMessage(), e);
        }
        return n;
    }

    Optional<byte[]> read(String key, boolean fullFrame) {
        try {
            return Optional.of(Files.readAllBytes(path(key, fullFrame)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String key, boolean fullFrame) {
        return Files.isRegularFile(path(key, fullFrame));
    }

    long bytes(String key) {
        long n = 0;
        for (boolean full : new boolean[] {false, true}) {
            try {
                n += Files.size(path(key, full));
            } catch (IOException e) {
                // a missing file counts as nothing
            }
        }
        return n;
    }

    void delete(String key) {
        for (boolean full : new boolean[] {false, true}) {
            try {
                Files.deleteIfExists(path(key, full));
            } catch (IOException e) {
                // left for the next retention pass; a stray file is harmless
            }
        }
    }

    /** Every file under the snapshot folder with the key it belongs to, or null for a file no key names (a leftover .tmp). */
    void forEachFile(java.util.function.BiConsumer<Path, String> action) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(root, 2)) {
            all.filter(Files::isRegularFile).forEach(f -> {
                String name = f.getFileName().toString();
                String key = name.length() > 32 ? name.substring(0, 32) : "";
                boolean ours = KEY.matcher(key).matches() && (name.endsWith("-face.jpg") || name.endsWith("-frame.jpg"));
                action.accept(f, ours ? key : null);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots under " + root + ": " + e.getMessage(), e);
        }
    }

    private static long writeDurably(Path target, byte[] data) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the file itself is synced
        }
        return data.length;
    }
}
