package io.maskwatch.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.cli.UsageException;
import io.maskwatch.openvino.Core;
import io.maskwatch.openvino.OpenVinoException;
import io.maskwatch.openvino.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code bin/maskwatch info}: the runtime, its devices and the model files, as one JSON object. */
final class InfoCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InfoCommand() {
    }

    static int run(String[] args) {
        if (args.length > 0) {
            throw new UsageException("takes no arguments");
        }
        ObjectNode out = JSON.createObjectNode();
        try (Core core = Core.create()) {
            Version v = Core.version();
            ObjectNode ov = out.putObject("openvino");
            ov.put("version", v.release());
            ov.put("build", v.build());
            ov.put("library", Core.library().toString());
            ArrayNode devices = ov.putArray("devices");
            core.availableDevices().forEach(devices::add);
        } catch (OpenVinoException e) {
            System.err.println("maskwatch info: " + e.getMessage());
            return 2;
        }
        out.put("java", Runtime.version().toString());
        out.set("models", models(Home.dir()));
        System.out.println(out);
        return 0;
    }

    /** Each model in models/models.json with its actual sha256 and whether it matches. */
    static ArrayNode models(Path home) {
        ArrayNode list = JSON.createArrayNode();
        Path manifest = home.resolve("models").resolve("models.json");
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new UsageException("cannot read the model manifest " + manifest + ": " + e.getMessage());
        }
        for (JsonNode m : root.path("models")) {
            Path file = home.resolve(m.path("path").asText());
            ObjectNode entry = list.addObject();
            entry.put("name", m.path("name").asText());
            entry.put("path", file.toString());
            String actual = Files.isRegularFile(file) ? sha256(file) : null;
            entry.put("sha256", actual);
            entry.put("ok", actual != null && actual.equals(m.path("sha256").asText()));
        }
        return list;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
