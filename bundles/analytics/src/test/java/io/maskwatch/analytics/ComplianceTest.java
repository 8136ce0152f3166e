package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ComplianceTest {

    @Test
    void countsDistinctFacesPerMinuteByTheirLastSettledState() {
        Compliance c = new Compliance();
        Instant t = Instant.parse("2026-01-02T09:00:05Z");
        assertNull(c.observe(t, 1, null));
        assertNull(c.observe(t.plusSeconds(1), 1, true));
        assertNull(c.observe(t.plusSeconds(2), 1, null));
        assertNull(c.observe(t.plusSeconds(3), 2, false));
        assertNull(c.observe(t.plusSeconds(4), 3, null));
        assertNull(c.observe(t.plusSeconds(5), 4, true));
        assertNull(c.observe(t.plusSeconds(6), 4, false));
        Compliance.Minute m = c.observe(Instant.parse("2026-01-02T09:01:00Z"), 2, false);
        assertEquals(Instant.parse("2026-01-02T09:00:00Z"), m.start());
        assertEquals(4, m.faces());
        assertEquals(2, m.masked(), "faces 2 and 4 (unmasked, then masked)");
        assertEquals(1, m.unmasked(), "face 1");
        Compliance.Minute next = c.finish();
        assertEquals(1, next.faces());
        assertEquals(1, next.masked());
    }
}
