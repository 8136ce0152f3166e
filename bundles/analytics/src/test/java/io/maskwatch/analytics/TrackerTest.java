package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackerTest {

    @Test
    void keepsIdsWhileFacesMoveAndStartsNewOnesForNewFaces() {
        Tracker t = new Tracker(2);
        List<Tracker.Track> ended = new ArrayList<>();
        List<Tracker.Track> a = t.update(List.of(Faces.unmasked(10, 10, 0.9), Faces.masked(200, 10)), 1, ended);
        assertEquals(List.of(1L, 2L), a.stream().map(x -> x.id).toList());
        List<Tracker.Track> b = t.update(List.of(Faces.masked(205, 12), Faces.unmasked(14, 11, 0.9), Faces.masked(400, 300)), 1, ended);
        assertEquals(3, b.size());
        assertEquals(10 + 4, b.stream().filter(x -> x.id == 1).findFirst().orElseThrow().last.box().x1());
        assertEquals(205, b.stream().filter(x -> x.id == 2).findFirst().orElseThrow().last.box().x1());
        assertTrue(b.stream().anyMatch(x -> x.id == 3));
        assertTrue(ended.isEmpty());
    }

    @Test
    void aTrackEndsAfterTooManyMissedFrames() {
        Tracker t = new Tracker(2);
        List<Tracker.Track> ended = new ArrayList<>();
        t.update(List.of(Faces.unmasked(10, 10, 0.9)), 1, ended);
        t.update(List.of(), 1, ended);
        t.update(List.of(), 1, ended);
        assertTrue(ended.isEmpty(), "two misses are tolerated");
        List<Tracker.Track> live = t.update(List.of(), 1, ended);
        assertTrue(live.isEmpty());
        assertEquals(1, ended.getFirst().id);
    }

    @Test
    void debounceHoldsAStateForTheGivenFrames() {
        Debounce d = new Debounce(3);
        assertEquals(false, d.observe(true));
        assertEquals(false, d.observe(true));
        assertEquals(true, d.observe(true));
        assertEquals(true, d.observe(false), "one masked frame does not end it");
        assertEquals(true, d.observe(true));
        d.observe(false);
        d.observe(false);
        assertEquals(false, d.observe(false));
        assertTrue(d.settled());
    }
}
