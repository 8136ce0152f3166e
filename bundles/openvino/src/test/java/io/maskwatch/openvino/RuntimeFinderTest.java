package io.maskwatch.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeFinderTest {

    @Test
    void probesInTheDocumentedOrder() {
        Map<String, String> env = Map.of(
                RuntimeFinder.LIB_ENV, "/from/env",
                "INTEL_OPENVINO_DIR", "/opt/ov",
                "MASKWATCH_HOME", "/home/mw",
                "PYTHONPATH", "/py/a:/py/b");
        Map<String, String> props = Map.of(RuntimeFinder.LIB_PROPERTY, "/from/property");
        List<Path> c = RuntimeFinder.candidates(env::get, props::get);
        assertEquals(Path.of("/from/property"), c.get(0));
        assertEquals(Path.of("/from/env"), c.get(1));
        assertEquals(Path.of("/opt/ov/runtime/lib/intel64"), c.get(2));
        assertEquals(Path.of("/home/mw/.maskwatch/openvino/openvino/libs"), c.get(3));
        assertEquals(Path.of("/py/a/openvino/libs"), c.get(4));
        assertEquals(Path.of("/py/b/openvino/libs"), c.get(5));
        assertTrue(c.indexOf(Path.of("/usr/lib/x86_64-linux-gnu")) > 5, c.toString());
    }

    @Test
    void notFoundListsEveryPlaceAndTheInstallCommand(@TempDir Path dir) {
        List<Path> places = List.of(dir.resolve("a"), dir.resolve("b"));
        OpenVinoException e = assertThrows(OpenVinoException.class, () -> RuntimeFinder.find(places));
        for (Path p : places) {
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        }
        assertTrue(e.getMessage().contains("pip install"), e.getMessage());
        assertTrue(e.getMessage().contains("bin/maskwatch setup"), e.getMessage());
    }

    @Test
    void findsVersionedLibraryInAFolderOrAFileGivenDirectly(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path libs = Files.createDirectory(dir.resolve("libs"));
        Files.createFile(libs.resolve("libopenvino_c.so.2630"));
        Path newest = Files.createFile(libs.resolve("libopenvino_c.so.2641"));
        Files.createFile(libs.resolve("libopenvino.so.2641"));
        assertEquals(newest, RuntimeFinder.find(List.of(empty, libs)));
        Path file = Files.createFile(dir.resolve("custom.so"));
        assertEquals(file, RuntimeFinder.find(List.of(file, libs)));
    }

    @Test
    void theLoadedLibraryIsTheProjectLocalInstall() {
        // An explicit library path outranks the project-local install; then this check does not apply.
        Assumptions.assumeTrue(System.getProperty(RuntimeFinder.LIB_PROPERTY) == null && System.getenv(RuntimeFinder.LIB_ENV) == null,
                "an explicit OpenVINO library is configured");
        Path home = Path.of(System.getProperty("maskwatch.home", ".")).toAbsolutePath().normalize();
        Path lib = Core.library();
        assertTrue(Files.isRegularFile(lib), lib.toString());
        assertTrue(lib.startsWith(home.resolve(".maskwatch/openvino")), "loaded " + lib + ", expected under " + home);
    }
}
