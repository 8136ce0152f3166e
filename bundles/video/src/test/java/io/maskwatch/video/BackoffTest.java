package io.maskwatch.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void climbsTheLadderAndStaysAtTheTop() {
        Backoff b = new Backoff();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            waits.add(b.next().toSeconds());
        }
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 5L, 10L, 20L, 40L, 60L, 60L, 60L), waits);
    }

    @Test
    void resetStartsAgainAtTheBottom() {
        Backoff b = new Backoff();
        for (int i = 0; i < 7; i++) {
            b.next();
        }
        b.reset();
        assertEquals(1, b.next().toSeconds());
        assertEquals(1, b.attempts());
    }
}
