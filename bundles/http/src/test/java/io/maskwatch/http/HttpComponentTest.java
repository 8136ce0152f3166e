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
                () -> c.activate(null, config(Map.of(".token", "t", "stream_fps", 0.0))));
        assertTrue(e.getMessage().contains("stream_fps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.activate(null, config(Map.of(".token", "t", "max_streams", 0))));
        assertTrue(e.getMessage().contains("max_streams"), e.getMessage());
    }

    /** The property names bnd wrote into the Metatype description are the ones README and docs/events.md give. */
    @Test
    void configurationPropertiesHaveTheDocumentedNames() throws Exception {
        try (var in = HttpComponentTest.class.getResourceAsStream("/OSGI-INF/metatype/io.maskwatch.http.HttpComponent$Config.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(java.util.List.of(".token", "bind_address", "data_dir", "stream_fps", "max_streams"),
                    java.util.regex.Pattern.compile("<AD id=\"([^\"]+)\"").matcher(xml).results().map(m -> m.group(1)).toList());
        }
    }

    /** A configuration that still names the token {@code token} (public, so in the service registry) works, and says so once. */
    @Test
    void aPublicTokenPropertyStillWorksWithAWarningToRenameIt() throws Exception {
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>(Map.of("token", "old-public", "data_dir", dir.toString()));
        org.osgi.service.component.ComponentContext context = (org.osgi.service.component.ComponentContext) Proxy.newProxyInstance(
                HttpComponentTest.class.getClassLoader(), new Class<?>[] {org.osgi.service.component.ComponentContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> props;
                    case "locateService" -> null;
                    case "getBundleContext" -> Proxy.newProxyInstance(HttpComponentTest.class.getClassLoader(),
                            new Class<?>[] {org.osgi.framework.BundleContext.class}, (p, m, a) -> null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(HttpComponent.class.getName());
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try (SqliteEventStore store = new SqliteEventStore(dir)) {
            HttpComponent c = new HttpComponent();
            c.store = store;
            c.activate(context, config(Map.of("data_dir", dir.toString())));
            try (Jetty jetty = new Jetty(c)) {
                HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jetty.base + "/api/cameras"))
                        .header("Authorization", "Bearer old-public").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode());
            } finally {
                c.deactivate();
            }
        } finally {
            log.removeHandler(h);
        }
        assertEquals(1, records.size(), records.toString());
        assertEquals("http: configuration io.maskwatch.http names the API token 'token', which every bundle can read in the service"
                + " registry; rename it '.token'", records.getFirst().getMessage());
        assertTrue(!Files.exists(dir.resolve(Auth.TOKEN_FILE)), "no token generated");
    }
}
