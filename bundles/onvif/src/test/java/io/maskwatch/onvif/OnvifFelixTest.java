package io.maskwatch.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The onvif bundle in a real Felix with SCR, ConfigAdmin and Felix HTTP Jetty 12, configured through ConfigAdmin,
 * fed no_mask events through its MaskAnalyticsListener service, and driven by a real ONVIF client (Python
 * onvif-zeep-async, the library of Home Assistant's ONVIF integration) and by raw HTTP for the hostile requests.
 */
class OnvifFelixTest {

    static final List<String> BUNDLES = List.of("org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.osgi.service.component-", "org.osgi.util.promise", "org.osgi.util.function", "org.apache.felix.http.jetty12",
            "org.apache.felix.http.servlet-api", "commons-fileupload", "commons-io");
    static final String USER = "operator";
    static final String PASSWORD = "s3cret pass";

    @TempDir
    static Path dir;
    static Framework fw;
    static int port;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The API from the class path, so that this test hands the listener its own MaskEvent objects.
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExport()
                + ",org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,org.slf4j.event;version=2.0.17,org.slf4j.helpers;version=2.0.17");
        props.put("org.osgi.service.http.port", Integer.toString(port));
        props.put("org.apache.felix.http.host", "127.0.0.1");
        props.put("ds.loglevel", "warn");
        fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        fw.start();
        List<Bundle> installed = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (BUNDLES.stream().anyMatch(p.getFileName().toString()::startsWith)) {
                installed.add(fw.getBundleContext().installBundle(p.toUri().toString()));
            }
        }
        installed.add(fw.getBundleContext().installBundle("reference:" + Path.of("target/classes").toUri()));
        for (Bundle b : installed) {
            b.start();
        }
        for (Bundle b : installed) {
            assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName() + " is active");
        }
        configure(Map.of("username", USER, ".password", PASSWORD));
        for (int i = 0; i < 100 && listener() == null; i++) {
            Thread.sleep(100);
        }
        assertNotNull(listener(), () -> "the onvif component registered its listener: " + services());
        for (int i = 0; i < 100; i++) {
            try {
                if (post("/onvif/device_service", TIME).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Jetty still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the ONVIF servlet never answered");
    }

    @AfterAll
    static void stop() throws Exception {
        if (fw != null) {
            fw.stop();
            fw.waitForStop(20_000);
        }
    }

    /** The Export-Package of the API bundle on the class path (a jar, or target/classes in the reactor). */
    static String apiExport() throws Exception {
        Path api = Path.of(MaskEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest m;
        if (Files.isDirectory(api)) {
            try (InputStream in = Files.newInputStream(api.resolve("META-INF/MANIFEST.MF"))) {
                m = new Manifest(in);
            }
        } else {
            try (JarFile jar = new JarFile(api.toFile())) {
                m = jar.getManifest();
            }
        }
        return m.getMainAttributes().getValue("Export-Package");
    }

    /** ConfigAdmin's classes live in its bundle, so it is called by reflection. */
    static void configure(Map<String, Object> properties) throws Exception {
        ServiceReference<?> ref = null;
        for (int i = 0; i < 100 && ref == null; i++) {
            // all: the system bundle is not wired to ConfigAdmin's package, so the class-space check would hide it
            ServiceReference<?>[] refs = fw.getBundleContext().getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
            ref = refs == null ? null : refs[0];
            Thread.sleep(ref == null ? 100 : 0);
        }
        if (ref == null) {
            StringBuilder b = new StringBuilder();
            for (Bundle x : fw.getBundleContext().getBundles()) {
                b.append(x.getSymbolicName()).append(' ').append(x.getState()).append(' ').append(java.util.Arrays.toString(x.getRegisteredServices())).append('\n');
            }
            throw new AssertionError("no ConfigurationAdmin: " + b);
        }
        Object ca = fw.getBundleContext().getService(ref);
        Object c = ca.getClass().getMethod("getConfiguration", String.class, String.class).invoke(ca, OnvifComponent.PID, "?");
        c.getClass().getMethod("update", java.util.Dictionary.class).invoke(c, new Hashtable<>(properties));
    }

    static String services() {
        StringBuilder b = new StringBuilder();
        for (Bundle x : fw.getBundleContext().getBundles()) {
            b.append(x.getSymbolicName()).append(' ').append(x.getState()).append(' ')
                    .append(java.util.Arrays.toString(x.getRegisteredServices())).append('\n');
        }
        return b.toString();
    }

    static MaskAnalyticsListener listener() {
        try {
            // all: the system bundle's class-space check does not count its own extra exports
            ServiceReference<?>[] refs = fw.getBundleContext().getAllServiceReferences(MaskAnalyticsListener.class.getName(), null);
            return refs == null ? null : (MaskAnalyticsListener) fw.getBundleContext().getService(refs[0]);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static void event(EventType type, String id, String camera) {
        listener().maskEvent(new MaskEvent(type, id, camera, MaskLabel.NO_MASK, 7, Instant.now(),
                type == EventType.END ? Instant.now() : null, null, new PixelBox(10, 20, 60, 90), 0.9, 0.9, 0.9, null, null));
    }

    static final String TIME = envelope("", "<tds:GetSystemDateAndTime xmlns:tds=\"" + Soap.TDS + "\"/>");

    static String envelope(String header, String body) {
        return "<s:Envelope xmlns:s=\"" + Soap.ENV + "\"><s:Header>" + header + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/soap+xml; charset=utf-8");
    }

    @Test
    void homeAssistantsOnvifLibrarySubscribesAndPullsTheNoMaskStates() throws Exception {
        Path python = Python.client();
        event(EventType.START, "lobby-1", "lobby"); // open before the client subscribes: Initialized true
        Process p = new ProcessBuilder(python.toString(), Python.DIR.resolve("pullpoint.py").toString(), "127.0.0.1",
                Integer.toString(port), USER, PASSWORD, "door").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = out.readLine()) != null; ) {
                last = line;
                if (line.equals("{\"wait\": \"start\"}")) {
                    event(EventType.START, "door-1", "door");
                    event(EventType.START, "door-2", "door"); // a second face: still one transition
                    event(EventType.UPDATE, "door-1", "door");
                    event(EventType.END, "door-1", "door"); // one face left: still true
                    in.write("ok\n");
                    in.flush();
                } else if (line.equals("{\"wait\": \"end\"}")) {
                    event(EventType.END, "door-2", "door"); // the last one: false
                    in.write("ok\n");
                    in.flush();
                }
            }
        } finally {
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the client finished");
            event(EventType.END, "lobby-1", "lobby");
        }
        assertEquals(0, p.exitValue(), "the client ran through; its last line: " + last);
        JsonNode r = new ObjectMapper().readTree(last);
        String base = "http://127.0.0.1:" + port;

        assertEquals(base + "/onvif/event_service", r.at("/xaddrs/http:~1~1www.onvif.org~1ver10~1events~1wsdl").asText(), r.toString());
        assertEquals("Maskwatch", r.at("/device/Manufacturer").asText());
        assertFalse(r.at("/device/FirmwareVersion").asText().isBlank());
        assertEquals(base + "/onvif/event_service", r.at("/capabilities/events_xaddr").asText());
        assertTrue(r.at("/capabilities/pullpoint").asBoolean());
        assertTrue(r.at("/capabilities/media").isNull(), "no media service is claimed");
        assertTrue(r.at("/service_capabilities/pullpoint").asBoolean());
        assertEquals(10, r.at("/service_capabilities/max_pull_points").asInt());
        assertTrue(r.at("/fixed_topic_set").asBoolean());
        assertEquals("{" + Soap.TNS1 + "}RuleEngine", r.at("/topic_set/0").asText());
        assertTrue(r.at("/subscription_address").asText().startsWith(base + "/onvif/subscription/"));

        JsonNode init = r.get("initialized");
        assertEquals(1, init.size(), "one camera known, with its state: " + init);
        assertMessage(init.get(0), "lobby", "Initialized", "true");
        assertEquals(1, r.get("changed_true").size(), "one transition for two faces: " + r.get("changed_true"));
        assertMessage(r.get("changed_true").get(0), "door", "Changed", "true");
        assertEquals(1, r.get("changed_false").size(), r.get("changed_false").toString());
        assertMessage(r.get("changed_false").get(0), "door", "Changed", "false");

        double renewed = r.get("renew_seconds").asDouble();
        assertTrue(renewed > 250 && renewed <= 300, "renewed for 300 s: " + renewed);
        JsonNode sync = r.get("synchronized");
        assertEquals(2, sync.size(), sync.toString());
        assertMessage(sync.get(0), "door", "Initialized", "false");
        assertMessage(sync.get(1), "lobby", "Initialized", "true");

        assertTrue(r.at("/pull_after_unsubscribe/message").asText().contains("no such subscription"), r.toString());
        assertTrue(r.at("/wrong_password/subcodes").toString().contains("NotAuthorized"), r.toString());
        assertEquals(Instant.now().atZone(java.time.ZoneOffset.UTC).getYear(), r.get("unauthenticated_time_year").asInt());
    }

    static void assertMessage(JsonNode m, String camera, String operation, String state) {
        assertEquals("tns1:RuleEngine/MaskDetector/NoMask", m.get("topic").asText(), m.toString());
        assertEquals(Topics.CONCRETE_SET, m.get("dialect").asText());
        assertEquals(camera, m.get("camera").asText(), m.toString());
        assertEquals(operation, m.get("operation").asText(), m.toString());
        assertEquals(state, m.get("state").asText(), m.toString());
        assertEquals("NoMask", m.get("rule").asText());
        assertTrue(m.get("utc_time").asText().endsWith("Z"), m.toString());
    }

    /**
     * A password under the public name, which DS would copy into the service registry, or none at all, leaves the
     * service up but refusing every signed operation with the reason; the right configuration brings it back.
     */
    @Test
    void aPublicPasswordOrNoPasswordIsRefusedWithItsReason() throws Exception {
        String info = envelope("", "<tds:GetDeviceInformation xmlns:tds=\"" + Soap.TDS + "\"/>");
        try {
            configure(Map.of("username", USER, "password", PASSWORD));
            String publicName = awaitFault(info, "name the password .password, not password");
            assertFalse(publicName.contains(PASSWORD), publicName);
            configure(Map.of("username", USER));
            awaitFault(info, "set username and .password");
            assertEquals(200, post("/onvif/device_service", TIME).statusCode(), "GetSystemDateAndTime needs no sign-in");
        } finally {
            configure(Map.of("username", USER, ".password", PASSWORD));
            awaitFault(info, "ter:NotAuthorized"); // configured again: an unsigned request is now refused for want of a token
        }
    }

    /** Posts until the answer holds {@code expected} (the component re-activates after a configuration change). */
    static String awaitFault(String body, String expected) throws Exception {
        String last = "";
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> r = post("/onvif/device_service", body);
            last = r.statusCode() + " " + r.body();
            if (r.body().contains(expected)) {
                assertTrue(r.statusCode() >= 400, last);
                assertFalse(r.body().contains("at io."), last);
                return r.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no fault with '" + expected + "'; last answer: " + last);
    }

    @Test
    void hostileAndUnsignedRequestsGetSoapFaultsWithoutStackTraces() throws Exception {
        HttpResponse<String> unsigned = post("/onvif/device_service",
                envelope("", "<tds:GetDeviceInformation xmlns:tds=\"" + Soap.TDS + "\"/>"));
        assertEquals(400, unsigned.statusCode());
        assertTrue(unsigned.body().contains("ter:NotAuthorized"), unsigned.body());
        assertTrue(unsigned.headers().firstValue("Content-Type").orElse("").startsWith("application/soap+xml"));

        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        HttpResponse<String> xxe = post("/onvif/device_service", "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]>" + envelope("", "<tds:GetSystemDateAndTime xmlns:tds=\"" + Soap.TDS + "\">&x;</tds:GetSystemDateAndTime>"));
        assertEquals(400, xxe.statusCode());
        assertTrue(xxe.body().contains("ter:WellFormed") && xxe.body().contains("DTDs are not accepted"), xxe.body());
        assertFalse(xxe.body().contains("TOP-SECRET"));

        HttpResponse<String> broken = post("/onvif/event_service", "<s:Envelope xmlns:s=\"" + Soap.ENV + "\"><s:Body>");
        assertEquals(400, broken.statusCode());
        assertTrue(broken.body().contains("not well-formed"), broken.body());
        assertFalse(broken.body().contains("at io.") || broken.body().contains("Exception"), broken.body());

        // An oversized body gets its 413 however it is sent: with a length and no Expect header (most
        // clients; the server reads and discards it first, so that the client can read the answer),
        // asking to continue first, and chunked, with no length to check up front.
        String oversized = envelope("", "<x>" + "a".repeat(OnvifServlet.MAX_REQUEST) + "</x>");
        byte[] oversizedBytes = oversized.getBytes(StandardCharsets.UTF_8);
        for (HttpRequest.Builder big : List.of(
                request("/onvif/device_service").POST(HttpRequest.BodyPublishers.ofString(oversized)),
                request("/onvif/device_service").expectContinue(true).POST(HttpRequest.BodyPublishers.ofString(oversized)),
                request("/onvif/device_service").POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversizedBytes))))) {
            HttpResponse<String> refused = HTTP.send(big.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("larger than 1048576 bytes"), refused.body());
        }

        HttpResponse<String> soap11 = post("/onvif/device_service",
                "<s:Envelope xmlns:s=\"" + Soap.ENV11 + "\"><s:Body><x/></s:Body></s:Envelope>");
        assertTrue(soap11.body().contains("env:VersionMismatch"), soap11.body());
    }
}
