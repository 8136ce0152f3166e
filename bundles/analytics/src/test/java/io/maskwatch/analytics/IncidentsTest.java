package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.Detection;
import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentsTest {

    private final Tracker tracker = new Tracker(2);
    private final Incidents incidents = new Incidents("door", null, 30);
    private final List<MaskEvent> events = new ArrayList<>();
    private int frame;

    /** One analysed frame, 0.2 s after the previous one. */
    private void step(Detection... faces) {
        List<Tracker.Track> ended = new ArrayList<>();
        List<Tracker.Track> live = tracker.update(List.of(faces), 2, ended);
        for (Tracker.Track t : live) {
            if (t.seenNow()) {
                t.debounce.observe(Incidents.nonCompliant(t.last, 0.6));
            }
        }
        frame++;
        Incidents.FrameTime time = new Incidents.FrameTime(Instant.ofEpochMilli(frame * 200L), frame * 0.2, frame * 200_000_000L);
        for (Incidents.Message m : incidents.update(live, ended, time, (box, label) -> new byte[][] {{1}, {2}})) {
            events.add(m.event());
        }
    }

    @Test
    void startUpdateEndWithPeakAndMean() {
        step(Faces.unmasked(10, 10, 0.7));
        assertTrue(events.isEmpty(), "debounce holds the first frame");
        step(Faces.unmasked(10, 10, 0.7));
        assertEquals(EventType.START, events.getFirst().type());
        for (int i = 0; i < 6; i++) {
            step(Faces.unmasked(11, 10, 0.8 + i * 0.02));
        }
        assertTrue(events.stream().anyMatch(e -> e.type() == EventType.UPDATE), events.toString());
        step(Faces.masked(11, 10));
        step(Faces.masked(11, 10));
        MaskEvent end = events.getLast();
        assertEquals(EventType.END, end.type());
        assertEquals(events.getFirst().id(), end.id());
        assertNotNull(end.endTime());
        assertEquals(0.9 * 0.9, end.peakScore(), 1e-9);
        assertTrue(end.meanScore() < end.peakScore() && end.meanScore() > 0.6);
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.START).count());
    }

    @Test
    void updatesAreAtMostOncePerSecond() {
        for (int i = 0; i < 12; i++) {
            step(Faces.unmasked(10, 10, 0.61 + i * 0.03));
        }
        long updates = events.stream().filter(e -> e.type() == EventType.UPDATE).count();
        assertTrue(updates >= 1 && updates <= 2, events.toString());
    }

    @Test
    void aLostTrackEndsItsEventAndCooldownHoldsBackTheNextAtTheSamePlace() {
        step(Faces.unmasked(10, 10, 0.9));
        step(Faces.unmasked(10, 10, 0.9));
        step();
        step();
        step();
        assertEquals(List.of(EventType.START, EventType.END), events.stream().map(MaskEvent::type).toList());
        for (int i = 0; i < 5; i++) {
            step(Faces.unmasked(12, 10, 0.9));
        }
        assertEquals(2, events.size(), "same place within the cooldown");
        step(Faces.unmasked(300, 200, 0.9), Faces.unmasked(12, 10, 0.9));
        step(Faces.unmasked(300, 200, 0.9), Faces.unmasked(12, 10, 0.9));
        assertEquals(EventType.START, events.getLast().type(), "another place is not held back");
        assertNull(events.getLast().endTime());
    }

    @Test
    void aFaceThatPutOnAMaskDoesNotHoldBackTheNextPersonAtThatPlace() {
        step(Faces.unmasked(10, 10, 0.9));
        step(Faces.unmasked(10, 10, 0.9));
        step(Faces.masked(10, 10));
        step(Faces.masked(10, 10));
        assertEquals(List.of(EventType.START, EventType.END), events.stream().map(MaskEvent::type).toList());
        step();
        step();
        step();
        step(Faces.unmasked(12, 10, 0.9));
        step(Faces.unmasked(12, 10, 0.9));
        assertEquals(EventType.START, events.getLast().type(), "a new track, and the last event did not end by loss");
        assertEquals(2, events.getLast().trackId());
    }

    @Test
    void afterTheCooldownANewEventMayStart() {
        incidents.cooldownSeconds(1);
        step(Faces.unmasked(10, 10, 0.9));
        step(Faces.unmasked(10, 10, 0.9));
        step();
        step();
        step();
        for (int i = 0; i < 10; i++) {
            step(Faces.unmasked(10, 10, 0.9));
        }
        assertEquals(2, events.stream().filter(e -> e.type() == EventType.START).count(), events.toString());
    }

    @Test
    void endAllClosesOpenEvents() {
        step(Faces.unmasked(10, 10, 0.9));
        step(Faces.unmasked(10, 10, 0.9));
        List<Incidents.Message> end = incidents.endAll();
        assertEquals(1, end.size());
        assertEquals(EventType.END, end.getFirst().event().type());
        assertEquals(0, incidents.openCount());
    }

    @Test
    void aThreeClassFaceCountsByItsNonCompliantClassesTogether() {
        // No single class reaches the 0.6 threshold, but no_mask and mask_incorrect together do.
        step(Faces.threeClass(10, 10, 0.20, 0.42, 0.38));
        step(Faces.threeClass(10, 10, 0.20, 0.42, 0.38));
        MaskEvent start = events.getFirst();
        assertEquals(EventType.START, start.type());
        assertEquals(MaskLabel.NO_MASK, start.label());
        assertEquals(0.9 * 0.80, start.score(), 1e-9, "the score follows the non-compliant probability, not p(no_mask)");
    }

    @Test
    void aThreeClassFaceMostlyWearingItWrongIsReportedAsMaskIncorrect() {
        step(Faces.threeClass(10, 10, 0.10, 0.25, 0.65));
        step(Faces.threeClass(10, 10, 0.10, 0.25, 0.65));
        assertEquals(MaskLabel.MASK_INCORRECT, events.getFirst().label());
    }

    @Test
    void aFaceWhoseMaskIsTheSingleMostProbableClassStillCountsWhenTheOthersOutweighIt() {
        step(Faces.threeClass(10, 10, 0.38, 0.32, 0.30));
        step(Faces.threeClass(10, 10, 0.38, 0.32, 0.30));
        assertEquals(MaskLabel.NO_MASK, events.getFirst().label());
    }

    @Test
    void aThreeClassFaceUnderTheThresholdStartsNothing() {
        for (int i = 0; i < 5; i++) {
            step(Faces.threeClass(10, 10, 0.45, 0.30, 0.25));
        }
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void framesUnderTheThresholdDoNotEnterTheEventScores() {
        step(Faces.unmasked(10, 10, 0.9));
        step(Faces.unmasked(10, 10, 0.9));
        step(Faces.unmasked(10, 10, 0.55));
        step(Faces.masked(10, 10));
        step(Faces.masked(10, 10));
        MaskEvent end = events.getLast();
        assertEquals(EventType.END, end.type());
        assertEquals(0.9 * 0.9, end.meanScore(), 1e-9, "the 0.55 frame is below the threshold");
    }
}
