package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraSettingsTest {

    private static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", "door");
        m.put("source", "rtsp://127.0.0.1:8554/door");
        return m;
    }

    private static String rejection(String key, Object value) {
        Map<String, Object> m = base();
        m.put(key, value);
        return assertThrows(IllegalArgumentException.class, () -> CameraSettings.parse(m)).getMessage();
    }

    @Test
    void defaults() {
        CameraSettings s = CameraSettings.parse(base());
        assertEquals(5, s.fps());
        assertEquals("door", s.name());
        assertTrue(s.enabled());
        assertTrue(s.roi().wholeFrame());
        assertEquals("CPU", s.device());
    }

    @Test
    void stringsFromAJsonFileAreParsed() {
        Map<String, Object> m = base();
        m.put("fps", "2.5");
        m.put("enabled", "false");
        m.put("roi", "0,0 1,0 1,0.5 0,0.5");
        CameraSettings s = CameraSettings.parse(m);
        assertEquals(2.5, s.fps());
        assertFalse(s.enabled());
        assertTrue(s.roi().contains(0.5, 0.25));
        assertFalse(s.roi().contains(0.5, 0.75));
    }

    @Test
    void outOfRangeValuesNameTheField() {
        assertEquals("invalid camera configuration: fps must be between 0.1 and 30, was 100", rejection("fps", 100));
        assertTrue(rejection("noMaskThreshold", 1.5).contains("noMaskThreshold"));
        assertTrue(rejection("faceScoreThreshold", "high").contains("faceScoreThreshold must be a number"));
        assertTrue(rejection("minFacePx", 2).contains("minFacePx"));
        assertTrue(rejection("debounceFrames", 2.5).contains("debounceFrames must be a whole number"));
        assertTrue(rejection("cooldownSeconds", -1).contains("cooldownSeconds"));
        assertTrue(rejection("roi", "0,0 2,0 1,1").contains("roi point '2,0' is outside [0,1]"));
        assertTrue(rejection("id", "bad id!").contains("id must be"));
        Map<String, Object> m = base();
        m.remove("source");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CameraSettings.parse(m)).getMessage().contains("source is required"));
    }

    @Test
    void onlyConnectionChangesNeedARestart() {
        CameraSettings a = CameraSettings.parse(base());
        Map<String, Object> m = base();
        m.put("noMaskThreshold", 0.9);
        m.put("debounceFrames", 5);
        assertFalse(a.needsRestart(CameraSettings.parse(m)));
        m.put("fps", 2);
        assertTrue(a.needsRestart(CameraSettings.parse(m)));
    }

    @Test
    void roiNeedsThreePoints() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Roi.parse("0,0 1,1")).getMessage().contains("at least 3"));
    }
}
