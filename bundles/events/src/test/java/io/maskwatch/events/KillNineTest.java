package io.maskwatch.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An event the store acknowledged survives SIGKILL of the writing JVM. */
class KillNineTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedEventsSurviveSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < 300 && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
            // Process.destroyForcibly is SIGKILL on Linux: no shutdown hooks, no close().
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(300, acked.size(), "the child wrote events before it was killed");
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (SqliteEventStore store = new SqliteEventStore(dir)) {
            for (String id : acked) {
                assertTrue(store.get(id).isPresent(), "acknowledged event " + id + " was lost");
            }
            long n = Long.parseLong(acked.getLast().substring("crash-".length()));
            long last = n - n % 3;
            assertArrayEquals(new byte[2048], store.snapshot("crash-" + last, false).orElseThrow());
        }
    }
}
