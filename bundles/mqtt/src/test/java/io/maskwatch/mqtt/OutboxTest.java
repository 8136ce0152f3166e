package io.maskwatch.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drop policy, message by message. */
class OutboxTest {

    static Outbox.Message msg(String topic) {
        return new Outbox.Message(topic, () -> topic, 1, false);
    }

    static List<String> drain(Outbox box) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (Outbox.Message m = box.next(0); m != null; m = box.next(0)) {
            out.add(m.topic());
            box.remove(m);
        }
        return out;
    }

    @Test
    void whenFullTheOldestFrameGoesFirstAndEventsOnlyWhenNothingElseIsQueued() throws Exception {
        Outbox box = new Outbox(3);
        box.offerFrame(msg("f1"));
        box.offerEvent(msg("e1"));
        box.offerFrame(msg("f2"));
        box.offerEvent(msg("e2")); // full: f1 goes
        box.offerFrame(msg("f3")); // full: f2 goes
        assertEquals(0, box.droppedEvents());
        assertEquals(2, box.droppedFrames());
        box.offerEvent(msg("e3")); // full: f3 goes
        box.offerFrame(msg("f4")); // full of events: the new frame goes
        assertEquals(4, box.droppedFrames());
        box.offerEvent(msg("e4")); // full of events: the oldest event goes
        assertEquals(1, box.droppedEvents());
        assertEquals(List.of("e2", "e3", "e4"), drain(box));
    }

    @Test
    void stateKeepsTheLatestValuePerTopicOutsideTheCapacityAndGoesFirst() throws Exception {
        Outbox box = new Outbox(1);
        box.offerEvent(msg("e1"));
        box.putState(new Outbox.Message("s", () -> "1", 1, true));
        Outbox.Message latest = new Outbox.Message("s", () -> "2", 1, true);
        box.putState(latest);
        box.putState(new Outbox.Message("t", () -> "x", 1, true));
        assertEquals(1, box.size());
        assertSame(latest, box.next(0));
        assertEquals(List.of("s", "t", "e1"), drain(box));
        assertEquals(0, box.droppedEvents() + box.droppedFrames());
    }

    @Test
    void aMessageIsRemovedOnlyOnceItWasPublishedAndNotWhenTheDropPolicyTookItAlready() throws Exception {
        Outbox box = new Outbox(1);
        Outbox.Message first = msg("e1");
        box.offerEvent(first);
        assertSame(first, box.next(0));
        assertSame(first, box.next(0), "not removed by looking");
        box.offerEvent(msg("e2")); // drops e1 while it is being published
        box.remove(first); // no effect on e2
        assertEquals(List.of("e2"), drain(box));
        assertNull(box.next(10));
    }
}
