package io.maskwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.EventQuery;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component as SCR would activate it, with a configuration stub. */
class EventStoreComponentTest {

    @TempDir
    Path dir;

    static EventStoreComponent.Config config(Map<String, Object> values) {
        return (EventStoreComponent.Config) Proxy.newProxyInstance(EventStoreComponent.Config.class.getClassLoader(),
                new Class<?>[] {EventStoreComponent.Config.class}, (proxy, method, args) -> {
                    // the property name of the method, as DS maps it: __ is _, _ is .
                    Object v = values.get(method.getName().replace("__", "\0").replace('_', '.').replace('\0', '_'));
                    return v != null ? v : method.getDefaultValue();
                });
    }

    @Test
    void storesInTheConfiguredDirectoryAndReleasesItOnDeactivate() throws Exception {
        EventStoreComponent c = new EventStoreComponent();
        c.activate(null, config(Map.of("data_dir", dir.toString())));
        c.write(Events.event("e1", "cam", 1, Events.T0, 0.9), new byte[] {1}, null);
        assertEquals(1, c.count(EventQuery.all()));
        assertTrue(Files.exists(dir.resolve(SqliteEventStore.DB_FILE)));
        c.deactivate();
        assertThrows(IllegalStateException.class, () -> c.search(EventQuery.all()));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("maskwatch-event-retention")),
                "the retention thread is gone");
    }

    @Test
    void rejectsNegativeLimitsNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EventStoreComponent().activate(null, config(Map.of("data_dir", dir.toString(), "retention_days", -1))));
        assertTrue(e.getMessage().contains("retention_days"));
    }

    /** The property names bnd wrote into the Metatype description are the ones README and docs/events.md give. */
    @Test
    void configurationPropertiesHaveTheDocumentedNames() throws Exception {
        try (var in = EventStoreComponentTest.class.getResourceAsStream("/OSGI-INF/metatype/io.maskwatch.events.EventStoreComponent$Config.xml")) {
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(java.util.List.of("data_dir", "retention_days", "max_size_mb", "retention_interval_minutes"),
                    java.util.regex.Pattern.compile("<AD id=\"([^\"]+)\"").matcher(xml).results().map(m -> m.group(1)).toList());
        }
    }
}
