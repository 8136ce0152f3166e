package io.maskwatch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void printsOneJsonObjectWithRuntimeDevicesAndCheckedModels() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status = Main.run(new String[] {"info"});
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, status);
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "one JSON object on one line: " + lines);
        JsonNode info = new ObjectMapper().readTree(lines.getFirst());

        JsonNode ov = info.path("openvino");
        assertTrue(ov.path("version").asText().matches("\\d{4}\\.\\d+\\.\\d+"), ov.toString());
        assertTrue(ov.path("build").asText().startsWith(ov.path("version").asText()), ov.toString());
        assertTrue(Files.isRegularFile(Path.of(ov.path("library").asText())), ov.toString());
        List<String> devices = new ArrayList<>();
        ov.path("devices").forEach(d -> devices.add(d.asText()));
        assertTrue(devices.contains("CPU"), devices.toString());
        assertEquals(Runtime.version().toString(), info.path("java").asText());

        JsonNode models = info.path("models");
        assertFalse(models.isEmpty());
        for (JsonNode m : models) {
            assertTrue(m.hasNonNull("name") && m.hasNonNull("path"), m.toString());
            // bin/test runs setup first, so every listed model must be present and verified.
            assertTrue(m.path("ok").asBoolean(), "model not in place or sha256 differs: " + m);
            assertEquals(InfoCommand.sha256(Path.of(m.path("path").asText())), m.path("sha256").asText());
        }
    }

    @Test
    void unknownCommandAndStrayArgumentsExitWithStatus2() {
        assertEquals(2, Main.run(new String[] {"no-such-command"}));
        assertEquals(2, Main.run(new String[] {"info", "--bogus"}));
    }
}
