package io.maskwatch.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The host with an {@code "onvif"} configuration beside its HTTP server: the onvif bundle resolves in the host's
 * Felix next to the http bundle and Felix HTTP Jetty 12, keeps its password out of the service registry, and answers
 * SOAP at /onvif/device_service; without the configuration it is not installed at all. (The bundle's own tests drive
 * the PullPoint flow with a real ONVIF client.)
 */
class OnvifRunTest {

    static final String PASSWORD = "it-onvif-secret";
    static final Path HOME = Path.of(System.getProperty("maskwatch.home", ".."));

    @Test
    void theOnvifBundleServesBesideTheApiOnlyWhenConfigured() throws Exception {
        int port = HttpRunTest.freePort();
        Map<String, Object> onvif = Cameras.configurations(java.nio.file.Files.writeString(
                java.nio.file.Files.createTempFile("onvif", ".json"), """
                {"onvif": {"username": "vms", "password": "%s", "maxSubscriptions": 2}}""".formatted(PASSWORD)))
                .get(Cameras.ONVIF_PID);
        try (Host host = Host.start(HOME, new Host.Http("127.0.0.1", port),
                Map.of(Cameras.HTTP_PID, Map.of("bind_address", "127.0.0.1"), Cameras.ONVIF_PID, onvif))) {
            Bundle b = HttpRunTest.bundle(host, "io.maskwatch.onvif");
            assertEquals(Bundle.ACTIVE, b.getState());
            HttpRunTest.assertSecretNotInTheRegistry(host, "jakarta.servlet.Servlet", "io.maskwatch.onvif.OnvifComponent",
                    "maxSubscriptions", PASSWORD);
            HttpResponse<String> info = null;
            for (int i = 0; i < 100 && (info == null || info.statusCode() != 200); i++) {
                try {
                    info = soap(port, signed("vms", PASSWORD), "<tds:GetDeviceInformation/>");
                } catch (java.io.IOException e) {
                    Thread.sleep(100); // Jetty starting
                }
            }
            assertTrue(info != null && info.statusCode() == 200, "GetDeviceInformation: " + (info == null ? null : info.body()));
            assertTrue(info.body().contains("<tds:Manufacturer>Maskwatch</tds:Manufacturer>"), info.body());
            assertTrue(info.body().contains("<tds:FirmwareVersion>" + b.getVersion() + "</tds:FirmwareVersion>"), info.body());
            HttpResponse<String> wrong = soap(port, signed("vms", "guess"), "<tds:GetDeviceInformation/>");
            assertEquals(400, wrong.statusCode());
            assertTrue(wrong.body().contains("ter:NotAuthorized"), wrong.body());
        }
        try (Host host = Host.start(HOME, new Host.Http("127.0.0.1", HttpRunTest.freePort()),
                Map.of(Cameras.HTTP_PID, Map.of("bind_address", "127.0.0.1")))) {
            for (Bundle b : host.bundles()) {
                assertTrue(!b.getSymbolicName().equals("io.maskwatch.onvif"), "not installed without an onvif configuration");
            }
        }
    }

    static String signed(String user, String password) throws Exception {
        byte[] nonce = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update(password.getBytes(StandardCharsets.UTF_8));
        String wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
        return "<wsse:Security xmlns:wsse=\"" + wsse + "\" xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/"
                + "oasis-200401-wss-wssecurity-utility-1.0.xsd\"><wsse:UsernameToken><wsse:Username>" + user + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
                + "#PasswordDigest\">" + Base64.getEncoder().encodeToString(sha1.digest()) + "</wsse:Password><wsse:Nonce>"
                + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce><wsu:Created>" + created
                + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }

    static HttpResponse<String> soap(int port, String header, String body) throws Exception {
        String envelope = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:tds=\""
                + "http://www.onvif.org/ver10/device/wsdl\"><s:Header>" + header + "</s:Header><s:Body>" + body
                + "</s:Body></s:Envelope>";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/onvif/device_service"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/soap+xml")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
