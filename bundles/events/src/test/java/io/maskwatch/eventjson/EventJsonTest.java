package io.maskwatch.eventjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final MaskEvent EVENT = new MaskEvent(EventType.UPDATE, "ev-1", "door3", MaskLabel.NO_MASK, 7,
            Instant.parse("2026-03-01T09:00:00Z"), null, 12.25, new PixelBox(10, 20.5, 110, 140), 0.93, 0.95, 0.9,
            "/data/snapshots/ab/x-face.jpg", "/rec/a.mp4");

    @Test
    void writesTheDocumentedLine() {
        assertEquals("{\"type\":\"update\",\"id\":\"ev-1\",\"camera\":\"door3\",\"label\":\"no_mask\",\"track_id\":7,"
                + "\"start_time\":\"2026-03-01T09:00:00.000Z\",\"end_time\":null,\"media_offset_s\":12.25,"
                + "\"box\":[10.0,20.5,110.0,140.0],\"score\":0.93,\"snapshot\":\"/data/snapshots/ab/x-face.jpg\","
                + "\"recording\":\"/rec/a.mp4\",\"peak_score\":0.95,\"mean_score\":0.9}", EventJson.toJson(EVENT));
    }

    @Test
    void readsBackWhatItWrites() {
        MaskEvent ended = new MaskEvent(EventType.END, "ev-2", "c", MaskLabel.MASK_INCORRECT, 1,
                Instant.parse("2026-03-01T09:00:00.123Z"), Instant.parse("2026-03-01T09:00:05.456Z"), null,
                new PixelBox(1, 2, 3, 4), 0.5, 0.5, 0.5, null, null);
        assertEquals(EVENT, EventJson.parse(EventJson.toJson(EVENT)));
        assertEquals(ended, EventJson.parse(EventJson.toJson(ended)));
    }

    @Test
    void namesTheBadField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventJson.parse("{\"type\":\"start\",\"id\":\"x\",\"camera\":\"c\",\"label\":\"no_mask\",\"track_id\":1,"
                        + "\"start_time\":\"yesterday\",\"box\":[0,0,1,1],\"score\":1}"));
        assertTrue(e.getMessage().contains("start_time"), e.getMessage());
    }

    @Test
    void linesFollowTheEventSchema() throws Exception {
        Path schemaFile = Path.of(System.getProperty("maskwatch.home", "../..")).resolve("docs/schema/event.schema.json");
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(schemaFile)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertEquals(java.util.Set.of(), schema.validate(EventJson.toNode(EVENT)));
        var broken = EventJson.toNode(EVENT).put("start_time", "2026-03-01 09:00");
        assertTrue(!schema.validate(broken).isEmpty(), "the schema check can fail");
    }
}
