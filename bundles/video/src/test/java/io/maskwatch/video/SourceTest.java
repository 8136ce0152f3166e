package io.maskwatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceTest {

    @Test
    void knowsTheSchemes() throws SourceException {
        assertEquals(Source.Kind.RTSP, Source.parse("rtsp://127.0.0.1:8554/a").kind());
        assertEquals(Source.Kind.RTSP, Source.parse("RTSPS://cam/a").kind());
        assertEquals(Source.Kind.HTTP, Source.parse("https://cam/mjpeg").kind());
        assertEquals(Source.Kind.FILE, Source.parse("/tmp/clip.mp4").kind());
        assertEquals("/tmp/clip.mp4", Source.parse("file:///tmp/clip.mp4").location());
    }

    @Test
    void rejectsAnUnknownSchemeAsPermanent() {
        SourceException e = assertThrows(SourceException.class, () -> Source.parse("ftp://cam/x"));
        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("unsupported source scheme 'ftp'"), e.getMessage());
    }

    @Test
    void missingFileIsPermanent() throws SourceException {
        SourceException e = assertThrows(SourceException.class, () -> Source.parse("/nonexistent/clip.mp4").precheck());
        assertTrue(e.permanent());
    }

    @Test
    void hidesPasswords() throws SourceException {
        assertEquals("rtsp://admin:***@cam:554/s", Source.parse("rtsp://admin:secret@cam:554/s").redacted());
    }
}
