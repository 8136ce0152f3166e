package io.maskwatch.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** States from event messages, the subscription limit, expiry, and the bounded queues' drop policy. */
class EventSourceTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    final MutableClock clock = new MutableClock(T0);

    EventSource source(int max, int queue) {
        return new EventSource(max, queue, Duration.ofMinutes(10), clock, () -> List.of("door", "yard"));
    }

    static MaskEvent event(EventType type, String id, String camera) {
        return new MaskEvent(type, id, camera, MaskLabel.NO_MASK, 1, T0, null, null, new PixelBox(0, 0, 1, 1), 0.9, 0.9, 0.9,
                null, null);
    }

    static List<String> states(List<Notification> ns) {
        return ns.stream().map(n -> n.operation() + " " + n.camera() + "=" + n.state()).toList();
    }

    @Test
    void aCameraIsTrueWhileAnyOfItsEventsIsOpenAndChangesOnlyAtTheEdges() throws Exception {
        EventSource s = source(10, 100);
        s.maskEvent(event(EventType.START, "a", "door"));
        Subscription sub = s.subscribe(null, true);
        assertEquals(List.of("Initialized door=true", "Initialized yard=false"), states(sub.pull(100, 0)));
        s.maskEvent(event(EventType.START, "b", "door"));
        s.maskEvent(event(EventType.END, "a", "door"));
        s.maskEvent(event(EventType.UPDATE, "c", "lobby")); // an event already open when we started
        s.maskEvent(event(EventType.END, "unknown", "yard")); // never seen: no change
        s.maskEvent(event(EventType.END, "b", "door"));
        s.maskEvent(event(EventType.END, "c", "lobby"));
        assertEquals(List.of("Changed lobby=true", "Changed door=false", "Changed lobby=false"), states(sub.pull(100, 0)));
        s.synchronize(sub);
        assertEquals(List.of("Initialized door=false", "Initialized lobby=false", "Initialized yard=false"), states(sub.pull(100, 0)));
    }

    @Test
    void aFullQueueDropsTheOldestMessageAndCountsIt() throws Exception {
        EventSource s = source(10, 3);
        Subscription sub = s.subscribe(null, true); // two Initialized
        for (int i = 0; i < 3; i++) {
            s.maskEvent(event(EventType.START, "e" + i, "door"));
            s.maskEvent(event(EventType.END, "e" + i, "door"));
        }
        assertEquals(3, sub.size());
        assertEquals(5, sub.dropped());
        assertEquals(List.of("Changed door=false", "Changed door=true", "Changed door=false"), states(sub.pull(100, 0)));
        assertEquals(List.of(), sub.pull(100, 0));
    }

    @Test
    void atMostMaxSubscriptionsAtOnceUntilOneIsUnsubscribedOrExpires() throws Exception {
        EventSource s = source(2, 10);
        Subscription a = s.subscribe(T0.plusSeconds(30), true);
        s.subscribe(T0.plusSeconds(120), true);
        SoapFault full = assertThrows(SoapFault.class, () -> s.subscribe(null, true));
        assertTrue(full.getMessage().contains("all 2 pull points are in use"), full.getMessage());
        s.unsubscribe(a);
        Subscription c = s.subscribe(T0.plusSeconds(30), true);
        assertThrows(SoapFault.class, () -> s.subscribe(null, true));
        clock.advance(Duration.ofSeconds(30));
        assertFalse(c.closed());
        Subscription d = s.subscribe(null, true); // c expired and was reaped
        assertTrue(c.closed());
        assertEquals(2, s.size());
        SoapFault gone = assertThrows(SoapFault.class, () -> s.get(c.id()));
        assertTrue(gone.subcodes().contains("wsrf-rw:ResourceUnknownFault"));
        assertEquals(d, s.get(d.id()));
    }

    @Test
    void terminationTimesAreCutToTheMaximumAndMustBeInTheFuture() throws Exception {
        EventSource s = source(10, 10);
        assertEquals(T0.plus(Duration.ofMinutes(10)), s.subscribe(T0.plus(Duration.ofDays(1)), true).termination());
        assertEquals(T0.plusSeconds(60), s.subscribe(null, true).termination());
        Subscription sub = s.subscribe(EventService.termination("PT90S", T0), true);
        assertEquals(T0.plusSeconds(90), sub.termination());
        assertEquals(T0.plusSeconds(300), s.renew(sub, EventService.termination("2026-03-01T12:05:00Z", T0)));
        assertThrows(SoapFault.class, () -> s.renew(sub, T0.minusSeconds(1)));
        assertThrows(SoapFault.class, () -> EventService.termination("P1Y", T0));
    }

    @Test
    void aWaitingPullReturnsWhenAnEventArrivesAndTheListenerNeverWaits() throws Exception {
        EventSource s = source(10, 1);
        Subscription sub = s.subscribe(null, true);
        sub.pull(10, 0);
        CompletableFuture<List<Notification>> pulled = CompletableFuture.supplyAsync(() -> {
            try {
                return sub.pull(10, 20_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        long t = System.nanoTime();
        for (int i = 0; i < 10_000; i++) { // a client that does not keep up: the queue of one just turns over
            s.maskEvent(event(EventType.START, "e" + i, "door"));
            s.maskEvent(event(EventType.END, "e" + i, "door"));
        }
        assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(2), "20,000 listener calls did not wait");
        assertFalse(pulled.get(5, TimeUnit.SECONDS).isEmpty(), "the pull woke up");
        sub.pull(10, 0);
        s.close();
        long closed = System.nanoTime();
        assertEquals(List.of(), sub.pull(10, 20_000));
        assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(2), "a closed subscription answers at once");
    }

    @Test
    void topicFiltersPassTheNoMaskTopicOrNot() throws Exception {
        for (String yes : List.of("tns1:RuleEngine/MaskDetector/NoMask", "tns1:RuleEngine//.", "tns1:RuleEngine/*/NoMask",
                "tns1:VideoSource//.|tns1:RuleEngine/MaskDetector//.", "t:RuleEngine//.")) {
            assertTrue(Topics.wanted(filter(yes)), yes);
        }
        for (String no : List.of("tns1:RuleEngine/CellMotionDetector/Motion", "tns1:RuleEngine", "RuleEngine//.",
                "other:RuleEngine//.", "tns1:RuleEngine/MaskDetector/NoMask/More")) {
            assertFalse(Topics.wanted(filter(no)), no);
        }
        assertTrue(Topics.wanted(null));
    }

    static Element filter(String expression) throws SoapFault {
        return Soap.child(Soap.parse(("<s:Envelope xmlns:s=\"" + Soap.ENV + "\"><s:Body><tev:CreatePullPointSubscription xmlns:tev=\""
                + Soap.TEV + "\"><tev:Filter><wsnt:TopicExpression xmlns:wsnt=\"" + Soap.WSNT + "\" xmlns:tns1=\"" + Soap.TNS1
                + "\" xmlns:t=\"" + Soap.TNS1 + "\" xmlns:other=\"urn:other\" Dialect=\"" + Topics.CONCRETE_SET + "\">" + expression
                + "</wsnt:TopicExpression></tev:Filter></tev:CreatePullPointSubscription></s:Body></s:Envelope>")
                .getBytes(StandardCharsets.UTF_8)).operation(), Soap.TEV, "Filter");
    }
}
