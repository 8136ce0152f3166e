package io.maskwatch.datadir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    @Test
    void explicitThenPropertyThenHome() {
        Map<String, String> props = Map.of("maskwatch.data", "/srv/mw", "maskwatch.home", "/opt/maskwatch");
        assertEquals(Path.of("/tmp/given"), DataDirectory.resolve("/tmp/given", props::get));
        assertEquals(Path.of("/srv/mw"), DataDirectory.resolve("", props::get));
        Assumptions.assumeTrue(System.getenv(DataDirectory.ENV) == null, "MASKWATCH_DATA is set here");
        assertEquals(Path.of("/opt/maskwatch/.maskwatch/data"), DataDirectory.resolve(null, Map.of("maskwatch.home", "/opt/maskwatch")::get));
    }
}
