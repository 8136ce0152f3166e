package io.maskwatch.datadir;

import java.nio.file.Path;

/** Where the host, {@code analyze} and {@code events search} find the same event store. */
public final class DataDirectory {

    public static final String ENV = "MASKWATCH_DATA";

    private DataDirectory() {
    }

    /**
     * An explicit directory if given, else {@code $MASKWATCH_DATA}, else
     * {@code <maskwatch.home>/.maskwatch/data}, else {@code ~/.maskwatch/data}.
     */
    public static Path resolve(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        String home = System.getProperty("maskwatch.home");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
        return base.resolve(".maskwatch").resolve("data").toAbsolutePath();
    }
}
