package io.maskwatch.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/maskwatch run} in process: JSON lines on stdout and appended to --events, a summary on stderr. */
class RunCommandTest {

    @TempDir
    Path dir;

    /** A dark frame has an unmasked face, a bright one a masked face. */
    static final MaskDetector DETECTOR = (BgrFrame f) -> {
        int grey = f.pixels().get(ValueLayout.JAVA_BYTE, (long) (f.height() / 2) * f.rowStride() + f.width() / 2 * 3) & 0xff;
        PixelBox box = new PixelBox(100, 80, 160, 150);
        return grey < 128 ? List.<Detection>of(Detection.of(box, 0.9, MaskLabel.NO_MASK, 0.8))
                : List.of(Detection.of(box, 0.9, MaskLabel.MASK, 0.9));
    };

    static Path clip(Host host, Path file) throws Exception {
        Class<?> writer = host.bundleClass("io.maskwatch.video", "io.maskwatch.video.ClipWriter");
        Object w = writer.getConstructor(Path.class, int.class, int.class, double.class).newInstance(file, 320, 240, 10.0);
        Method write = writer.getMethod("write", byte[].class);
        byte[] dark = new byte[320 * 240 * 3];
        Arrays.fill(dark, (byte) 30);
        byte[] bright = new byte[320 * 240 * 3];
        Arrays.fill(bright, (byte) 220);
        for (int i = 0; i < 60; i++) {
            write.invoke(w, (Object) (i < 30 ? dark : bright));
        }
        writer.getMethod("close").invoke(w);
        return file;
    }

    @Test
    void printsEventLinesAndAppendsThemToTheEventsFile() throws Exception {
        Path events = dir.resolve("out/events.jsonl");
        Files.createDirectories(events.getParent());
        Files.writeString(events, "{\"earlier\":true}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunCommand.Options o = new RunCommand.Options(List.of(), events, dir.resolve("overlays.jsonl"), Duration.ofSeconds(30), true);
        System.setProperty("maskwatch.data", dir.resolve("data").toString());
        RunCommand run = new RunCommand(o, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = run.execute(Path.of(System.getProperty("maskwatch.home", "..")), host -> {
            host.provide(DETECTOR);
            try {
                return List.of(Map.of("id", "door", "source", clip(host, dir.resolve("door.mp4")).toString(), "debounceFrames", 2));
            } catch (Exception e) {
                throw new HostException("clip: " + e, e);
            }
        });
        System.clearProperty("maskwatch.data");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> stdout = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> file = Files.readAllLines(events);
        assertEquals("{\"earlier\":true}", file.getFirst(), "appended, not overwritten");
        assertEquals(stdout, file.subList(1, file.size()));
        ObjectMapper json = new ObjectMapper();
        List<String> types = stdout.stream().map(l -> {
            try {
                JsonNode n = json.readTree(l);
                return n.get("type").asText();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals("start", types.getFirst());
        assertEquals("end", types.getLast());
        String stderr = err.toString(StandardCharsets.UTF_8);
        System.err.print(stderr);
        assertTrue(stderr.contains("camera door: RUNNING"), stderr);
        assertTrue(stderr.contains("summary door: STOPPED"), stderr);
        assertTrue(stderr.contains("frame-to-event latency"), stderr);
        assertTrue(Files.readAllLines(dir.resolve("overlays.jsonl")).size() > 10, "overlay lines");
    }

    @Test
    void theExampleConfigParses() {
        Path example = Path.of(System.getProperty("maskwatch.home", "..")).resolve("docs/cameras.example.json");
        RunCommand.Options o = RunCommand.parse(new String[] {"--config", example.toString(), "--camera", "yard=rtsp://127.0.0.1:8554/yard"});
        assertEquals(3, o.cameras().size());
        assertEquals("0,0.2 1,0.2 1,1 0,1", o.cameras().getFirst().get("roi"));
        assertEquals(false, o.cameras().get(1).get("enabled"));
        Map<String, Object> mqtt = o.configurations().get("io.maskwatch.mqtt");
        assertEquals("tcp://192.0.2.20:1883", mqtt.get("broker"));
        assertEquals(List.of("door"), List.of((String[]) mqtt.get("cameras")));
        assertEquals("secret", mqtt.get(".password"));
        assertEquals(new Host.Http("127.0.0.1", 8080), o.http());
        assertEquals(Map.of("bind_address", "127.0.0.1"), o.configurations().get("io.maskwatch.http"), "port is the host's");
        assertEquals(Map.of("username", "vms", ".password", "secret"), o.configurations().get("io.maskwatch.onvif"));
    }

    @Test
    void badCameraValuesAreOneLineNamingCameraAndField() {
        HostException e = org.junit.jupiter.api.Assertions.assertThrows(HostException.class,
                () -> RunCommand.parse(new String[] {"--camera", "door=rtsp://x/y", "--camera", "door=rtsp://x/z"}));
        assertEquals("camera id 'door' is used twice", e.getMessage());
        Path cfg = dir.resolve("cams.json");
        try {
            Files.writeString(cfg, "{\"cameras\":[{\"id\":\"a\",\"source\":\"rtsp://x/y\",\"noMaskThreshold\":2}]}");
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
        e = org.junit.jupiter.api.Assertions.assertThrows(HostException.class, () -> RunCommand.parse(new String[] {"--config", cfg.toString()}));
        assertEquals("camera a: invalid camera configuration: noMaskThreshold must be between 0 and 1, was 2", e.getMessage());
    }
}
