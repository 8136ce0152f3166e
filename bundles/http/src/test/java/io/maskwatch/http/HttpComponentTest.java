package io.maskwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.events.SqliteEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component as SCR would activate it, serving through a real Jetty. */
class HttpComponentTest {

    @TempDir
    Path dir;

    static HttpComponent.Config config(Map<String, Object> values) {
        return (HttpComponent.Config) Proxy.newProxyInstance(HttpComponent.Config.class.getClassLoader(),
                new Class<?>[] {HttpComponent.Config.class}, (proxy, method, args) -> {
                    // the property name of the method, as DS maps it: __ is _, _ is .
                    Object v = values.get(method.getName().replace("__", "\0").replace('_', '.').replace('\0', '_'));
                    return v != null ? v : method.getDefaultValue();
                });
    }

    @Test
    void generatesAndPrintsATokenOnceThenServesWithIt() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (SqliteEventStore store = new SqliteEventStore(dir)) {
            HttpComponent c = new HttpComponent();
            c.store = store;
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                c.activate(null, config(Map.of("data_dir", dir.toString())));
            } finally {
                System.setErr(stderr);
            }
            String token = Files.readString(dir.resolve(Auth.TOKEN_FILE));
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains(token), "the new token is printed");
            try (Jetty jetty = new Jetty(c)) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(jetty.base + "/api/cameras"));
                assertEquals(401, http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                HttpResponse<String> ok = http.send(req.header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode());
                assertEquals("[]", ok.body(), "no camera monitor: no cameras, still serving");
            } finally {
                c.deactivate();
            }

            printed.reset();
            HttpComponent again = new HttpComponent();
            again.store = store;
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                again.activate(null, config(Map.of("data_dir", dir.toString())));
            } finally {
                System.setErr(stderr);
            }
            assertEquals("", printed.toString(StandardCharsets.UTF_8), "printed only on the first start");
        }
    }

    @Test
    void rejectsOutOfRangeSettingsNamingTheField() {
        HttpComponent c = new HttpComponent();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.activate(null, config(Map.of("token", "t", "stream_fps", 0.0))));
        assertTrue(e.getMessage().contains("stream_fps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.activate(null, config(Map.of("token", "t", "max_streams", 0))));
        assertTrue(e.getMessage().contains("max_streams"), e.getMessage());
    }

    /** The property names bnd wrote into the Metatype description are the ones README and docs/events.md give. */
    @Test
    void configurationPropertiesHaveTheDocumentedNames() throws Exception {
        try (var in = HttpComponentTest.class.getResourceAsStream("/OSGI-INF/metatype/io.maskwatch.http.HttpComponent$Config.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(java.util.List.of("token", "bind_address", "data_dir", "stream_fps", "max_streams"),
                    java.util.regex.Pattern.compile("<AD id=\"([^\"]+)\"").matcher(xml).results().map(m -> m.group(1)).toList());
        }
    }
}
