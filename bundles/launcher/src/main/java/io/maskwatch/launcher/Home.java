package io.maskwatch.launcher;

import java.nio.file.Path;

/** The project folder: system property {@code maskwatch.home} (set by bin/maskwatch), else the working directory. */
final class Home {

    private Home() {
    }

    static Path dir() {
        String home = System.getProperty("maskwatch.home", System.getenv("MASKWATCH_HOME"));
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }
}
