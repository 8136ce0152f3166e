package io.maskwatch.launcher.host;

import io.maskwatch.cli.UsageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {

    /** Event lines own stdout: what anything else prints to System.out during a run goes to stderr. */
    @Test
    void strayPrintsGoToStderrWhileEventLinesKeepStdout() {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        PrintStream captured = System.out;
        try {
            int code = RunCommand.eventsOnStdout(events -> {
                System.out.println("WARN : a bundle talking");
                events.println("{\"type\":\"start\"}");
                return 3;
            });
            assertEquals(3, code);
            assertSame(captured, System.out, "stdout is restored afterwards");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        assertEquals("{\"type\":\"start\"}\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("WARN : a bundle talking\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void camerasAndOptionsAreReadInBothSpellings() {
        RunCommand.Options o = RunCommand.parse(new String[] {"--camera", "door=rtsp://127.0.0.1:8554/door",
                "--camera=hall=/tmp/hall.mp4", "--events", "e.jsonl", "--seconds=2.5"});
        assertEquals(2, o.cameras().size());
        assertEquals("door", o.cameras().get(0).get("id"));
        assertEquals("rtsp://127.0.0.1:8554/door", o.cameras().get(0).get("source"));
        assertEquals("/tmp/hall.mp4", o.cameras().get(1).get("source"));
        assertEquals(Path.of("e.jsonl"), o.events());
        assertNull(o.overlays());
        assertEquals(Duration.ofMillis(2500), o.limit());
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        String cam = "--camera=door=rtsp://127.0.0.1:8554/door";
        assertTrue(assertThrows(UsageException.class, () -> RunCommand.parse(new String[] {cam, "--fps", "5"}))
                .getMessage().contains("unknown option --fps"));
        assertTrue(assertThrows(UsageException.class, () -> RunCommand.parse(new String[] {cam, "extra"}))
                .getMessage().contains("unexpected argument 'extra'"));
        assertTrue(assertThrows(UsageException.class, () -> RunCommand.parse(new String[] {cam, "--seconds", "soon"}))
                .getMessage().contains("--seconds must be a number"));
        assertTrue(assertThrows(UsageException.class, () -> RunCommand.parse(new String[] {cam, "--seconds", "-1"}))
                .getMessage().contains("more than 0"));
        assertTrue(assertThrows(UsageException.class, () -> RunCommand.parse(new String[] {cam, "--events"}))
                .getMessage().contains("--events needs a value"));
    }

    @Test
    void camerasAreRequiredAndChecked() {
        assertTrue(assertThrows(HostException.class, () -> RunCommand.parse(new String[0]))
                .getMessage().contains("no cameras"));
        assertTrue(assertThrows(HostException.class, () -> RunCommand.parse(new String[] {"--camera", "door"}))
                .getMessage().contains("ID=URL"));
    }

    @Test
    void onvifNeedsTheHttpServerAndItsPasswordBecomesPrivate(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cfg = java.nio.file.Files.writeString(dir.resolve("run.json"), """
                {"cameras": [{"id": "door", "source": "rtsp://127.0.0.1:8554/door"}],
                 "onvif": {"username": "vms", "password": "pw", "maxSubscriptions": 3}}
                """);
        UsageException e = assertThrows(UsageException.class, () -> RunCommand.parse(new String[] {"--config", cfg.toString()}));
        assertEquals("\"onvif\" needs the HTTP server it is served on (/onvif/): add --http [ADDR:]PORT or an \"http\" object"
                + " to the config", e.getMessage());
        RunCommand.Options o = RunCommand.parse(new String[] {"--config", cfg.toString(), "--http", "8090"});
        assertEquals(java.util.Map.of("username", "vms", ".password", "pw", "maxSubscriptions", 3),
                o.configurations().get("io.maskwatch.onvif"));
        assertEquals(new Host.Http("127.0.0.1", 8090), o.http());
    }
}
