package io.maskwatch.launcher.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.analytics.CameraSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Camera configurations from a JSON file ({@code {"cameras":[{...}, ...]}} or a bare array) and from
 * {@code --camera ID=URL} flags; the file may also hold {@code "mqtt": {...}}, {@code "http": {...}} and
 * {@code "onvif": {...}}, the MQTT, HTTP and ONVIF bundles' configurations. Each camera is checked before the host starts, so a bad value is one line naming the
 * camera and the field.
 */
final class Cameras {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cameras() {
    }

    /** The MQTT bundle's PID; its properties are the {@code "mqtt"} object of a config file. */
    static final String MQTT_PID = "io.maskwatch.mqtt";
    /** The HTTP bundle's PID; its properties are the {@code "http"} object of a config file (but {@code port}, the host's). */
    static final String HTTP_PID = "io.maskwatch.http";
    /** The ONVIF bundle's PID; its properties are the {@code "onvif"} object of a config file. */
    static final String ONVIF_PID = "io.maskwatch.onvif";
    /** Config-file sections that are singleton configurations, by key. */
    private static final Map<String, String> SECTIONS = Map.of("mqtt", MQTT_PID, "http", HTTP_PID, "onvif", ONVIF_PID);
    /**
     * Secrets by PID: written {@code "password"} / {@code "token"} in the file, they become the private properties
     * {@code .password} / {@code .token}, which DS keeps out of the service registry.
     */
    private static final Map<String, String> SECRETS = Map.of(MQTT_PID, "password", HTTP_PID, "token", ONVIF_PID, "password");

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new HostException("config " + file + " is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new HostException("cannot read config " + file + ": " + e.getMessage());
        }
    }

    /**
     * The singleton configurations of a config file by PID: {@code "mqtt": {"broker": ..., ...}} is PID
     * {@code io.maskwatch.mqtt} with those properties (a list of strings, such as {@code cameras}, stays a list),
     * {@code "http": {...}} PID {@code io.maskwatch.http}, {@code "onvif": {...}} PID {@code io.maskwatch.onvif};
     * {@code password} and {@code token} become {@code .password} and {@code .token}.
     */
    static Map<String, Map<String, Object>> configurations(Path file) {
        JsonNode root = read(file);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        SECTIONS.forEach((key, pid) -> {
            JsonNode section = root != null && root.isObject() ? root.get(key) : null;
            if (section == null || section.isNull()) {
                return;
            }
            if (!section.isObject()) {
                throw new HostException("config " + file + ": \"" + key + "\" must be a JSON object of " + pid + " properties");
            }
            Map<String, Object> props = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                String name = f.getKey().equals(SECRETS.get(pid)) ? "." + f.getKey() : f.getKey();
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(i -> items.add(i.asText()));
                    props.put(name, items.toArray(String[]::new));
                } else {
                    props.put(name, value(v));
                }
            }
            out.put(pid, props);
        });
        return out;
    }

    static List<Map<String, Object>> fromFile(Path file) {
        JsonNode root = read(file);
        JsonNode list = root != null && root.isObject() ? root.get("cameras") : root;
        if (list == null || !list.isArray()) {
            throw new HostException("config " + file + " must hold {\"cameras\": [ {\"id\": ..., \"source\": ...}, ... ]}");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode cam : list) {
            if (!cam.isObject()) {
                throw new HostException("config " + file + ": each camera must be a JSON object");
            }
            Map<String, Object> props = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = cam.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                props.put(f.getKey(), value(f.getValue()));
            }
            out.add(props);
        }
        return out;
    }

    private static Object value(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.intValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(p -> parts.add(p.isArray() && p.size() == 2 ? p.get(0).asText() + "," + p.get(1).asText() : p.asText()));
            return String.join(" ", parts);
        }
        return v.isNull() ? "" : v.asText();
    }

    /** {@code ID=URL} */
    static Map<String, Object> fromFlag(String flag) {
        int eq = flag.indexOf('=');
        if (eq <= 0 || eq == flag.length() - 1) {
            throw new HostException("--camera takes ID=URL, e.g. --camera door=rtsp://127.0.0.1:8554/door; got '" + flag + "'");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", flag.substring(0, eq));
        props.put("source", flag.substring(eq + 1));
        return props;
    }

    /** Checks every camera and that ids are unique. */
    static void validate(List<Map<String, Object>> cameras) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> c : cameras) {
            try {
                CameraSettings s = CameraSettings.parse(c);
                if (ids.contains(s.id())) {
                    throw new HostException("camera id '" + s.id() + "' is used twice");
                }
                ids.add(s.id());
            } catch (IllegalArgumentException e) {
                throw new HostException("camera " + c.getOrDefault("id", "?") + ": " + e.getMessage());
            }
        }
    }
}
