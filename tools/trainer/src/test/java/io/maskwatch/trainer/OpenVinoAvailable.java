package io.maskwatch.trainer;

import io.maskwatch.openvino.Core;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared checks for tests that need the OpenVINO runtime or the shared datasets. */
final class OpenVinoAvailable {

    private OpenVinoAvailable() {
    }

    /**
     * The OpenVINO runtime is a hard requirement of the build (bin/setup installs it), so its
     * absence fails rather than skips: a silently skipped parity test would prove nothing.
     */
    static void require() {
        Core.version();
    }

    /** ../shared/datasets next to the project, or MASKWATCH_DATASETS; skips the test when absent. */
    static Path datasets() {
        String env = System.getenv("MASKWATCH_DATASETS");
        String home = System.getProperty("maskwatch.home", ".");
        Path p = env != null ? Path.of(env) : Path.of(home).resolve("../shared/datasets").normalize();
        Assumptions.assumeTrue(Files.isDirectory(p.resolve("mask-classification")),
                "shared datasets not found at " + p.toAbsolutePath() + " (set MASKWATCH_DATASETS); skipping");
        return p;
    }
}
