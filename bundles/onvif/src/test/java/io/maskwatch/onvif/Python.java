package io.maskwatch.onvif;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python venv with the real ONVIF client, onvif-zeep-async at the version pinned in src/test/python/requirements.txt
 * (.ci/run makes it; a test makes it when it is missing). Without python3 or its venv module the tests that need it
 * are skipped, with a message; in CI (CI=true) that is a failure.
 */
final class Python {

    static final Path DIR = Path.of("src/test/python");
    static final Path VENV = DIR.resolve(".venv");

    private Python() {
    }

    /** The venv's python, with the client installed. */
    static synchronized Path client() throws IOException, InterruptedException {
        Path python = VENV.resolve("bin/python");
        Path marker = VENV.resolve("requirements.installed");
        String wanted = Files.readString(DIR.resolve("requirements.txt"));
        if (Files.isExecutable(python) && Files.exists(marker) && Files.readString(marker).equals(wanted)) {
            return python;
        }
        String why = run(List.of("python3", "-m", "venv", VENV.toString()));
        if (why == null) {
            why = run(List.of(python.toString(), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r",
                    DIR.resolve("requirements.txt").toString()));
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI needs python3 with venv and PyPI for the ONVIF client tests: " + why);
            }
            Assumptions.abort("ONVIF client tests skipped: " + why);
        }
        Files.writeString(marker, wanted);
        return python;
    }

    /** Null when the command succeeded, else what went wrong, in one line. */
    private static String run(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return String.join(" ", command) + " took more than 10 minutes";
            }
            return p.exitValue() == 0 ? null
                    : String.join(" ", command) + " failed: " + out.strip().lines().reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        }
    }
}
