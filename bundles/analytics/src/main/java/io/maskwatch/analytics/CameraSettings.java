package io.maskwatch.analytics;

import io.maskwatch.api.CameraId;
import java.util.Locale;
import java.util.Map;

/**
 * A camera's validated configuration (factory PID {@code io.maskwatch.camera}). Built from the raw
 * properties of ConfigAdmin or of the host's JSON file; a value out of range fails with a message that
 * names the property.
 */
public record CameraSettings(
        String id,
        String name,
        String source,
        boolean enabled,
        double fps,
        double faceScoreThreshold,
        double noMaskThreshold,
        int minFacePx,
        Roi roi,
        int debounceFrames,
        int cooldownSeconds,
        boolean snapshotOnEvent,
        String device) {

    public static final String FACTORY_PID = "io.maskwatch.camera";

    /**
     * @throws IllegalArgumentException "invalid camera configuration: FIELD ..." for a missing or bad value
     */
    public static CameraSettings parse(Map<String, ?> p) {
        try {
            String id = text(p, "id", null);
            if (!CameraId.isValid(id)) {
                throw new IllegalArgumentException("id must be " + CameraId.RULE + ", was '" + id + "'");
            }
            String source = text(p, "source", null);
            return new CameraSettings(
                    id,
                    text(p, "name", id),
                    source,
                    bool(p, "enabled", true),
                    number(p, "fps", 5, 0.1, 30),
                    number(p, "faceScoreThreshold", 0.5, 0, 0.99),
                    number(p, "noMaskThreshold", 0.6, 0, 1),
                    (int) whole(p, "minFacePx", 20, 8, 4096),
                    roi(p),
                    (int) whole(p, "debounceFrames", 3, 1, 100),
                    (int) whole(p, "cooldownSeconds", 30, 0, 86_400),
                    bool(p, "snapshotOnEvent", true),
                    text(p, "device", "CPU"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid camera configuration: " + e.getMessage(), e);
        }
    }

    /** True when going from this to {@code next} needs a new connection or detector, not just new thresholds. */
    boolean needsRestart(CameraSettings next) {
        return !source.equals(next.source) || enabled != next.enabled || fps != next.fps || !device.equals(next.device);
    }

    private static Roi roi(Map<String, ?> p) {
        Object v = p.get("roi");
        String s = v instanceof String[] a ? String.join(" ", a) : v == null ? "" : v.toString();
        return Roi.parse(s);
    }

    private static String text(Map<String, ?> p, String key, String fallback) {
        Object v = p.get(key);
        if (v == null || v.toString().isBlank()) {
            if (fallback == null) {
                throw new IllegalArgumentException(key + " is required");
            }
            return fallback;
        }
        return v.toString().trim();
    }

    private static boolean bool(Map<String, ?> p, String key, boolean fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        };
    }

    private static double number(Map<String, ?> p, String key, double fallback, double min, double max) {
        Object v = p.get(key);
        double d;
        if (v == null) {
            return fallback;
        } else if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
            }
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(key + " must be between " + fmt(min) + " and " + fmt(max) + ", was " + fmt(d));
        }
        return d;
    }

    private static long whole(Map<String, ?> p, String key, long fallback, long min, long max) {
        double d = number(p, key, fallback, min, max);
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(key + " must be a whole number, was " + fmt(d));
        }
        return (long) d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
