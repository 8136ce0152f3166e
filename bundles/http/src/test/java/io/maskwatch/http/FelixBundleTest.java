package io.maskwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The http and events bundles in a real Felix framework with SCR and Felix HTTP Jetty 12: the
 * servlet is registered on the whiteboard, the event store service is found, and requests are
 * answered on the configured loopback port.
 */
class FelixBundleTest {

    /** Class-path entries installed as bundles, by file-name prefix; the rest stays outside the framework. */
    static final List<String> BUNDLES = List.of("maskwatch-api", "maskwatch-events", "jackson-", "sqlite-jdbc",
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.osgi.service.component-", "org.osgi.util.promise",
            "org.osgi.util.function", "org.apache.felix.http.jetty12", "org.apache.felix.http.servlet-api",
            "commons-fileupload", "commons-io");

    @TempDir
    Path dir;

    @Test
    void servesTheApiFromInsideTheFramework() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,org.slf4j.event;version=2.0.17,org.slf4j.helpers;version=2.0.17");
        props.put("org.osgi.service.http.port", Integer.toString(port));
        props.put("org.apache.felix.http.host", "127.0.0.1");
        String home = System.getProperty("maskwatch.home");
        System.setProperty("maskwatch.home", dir.toString());
        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        fw.start();
        try {
            List<Bundle> installed = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                // `mvn test` in the reactor puts sibling modules on the class path as target/classes
                boolean folder = Files.isDirectory(p);
                String name = folder && p.endsWith(Path.of("target", "classes"))
                        ? "maskwatch-" + p.getParent().getParent().getFileName() : p.getFileName().toString();
                if (BUNDLES.stream().anyMatch(name::startsWith)) {
                    installed.add(fw.getBundleContext().installBundle((folder ? "reference:" : "") + p.toUri()));
                }
            }
            // this module's own bundle: the classes folder carries the manifest bnd made
            installed.add(fw.getBundleContext().installBundle("reference:" + Path.of("target/classes").toUri()));
            for (Bundle b : installed) {
                b.start();
            }
            for (Bundle b : installed) {
                assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " is active");
            }
            Path tokenFile = dir.resolve(".maskwatch/data").resolve(Auth.TOKEN_FILE);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> events = null;
            for (int i = 0; i < 100 && (events == null || events.statusCode() != 200); i++) {
                Thread.sleep(100);
                if (Files.exists(tokenFile)) {
                    try {
                        events = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events"))
                                .header("Authorization", "Bearer " + Files.readString(tokenFile)).build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        // Jetty still starting
                    }
                }
            }
            assertTrue(events != null && events.statusCode() == 200, "the API answered inside Felix: " + events);
            assertEquals("[]", events.body());
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/api/events")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/console/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } finally {
            fw.stop();
            fw.waitForStop(20_000);
            if (home == null) {
                System.clearProperty("maskwatch.home");
            } else {
                System.setProperty("maskwatch.home", home);
            }
        }
    }
}
