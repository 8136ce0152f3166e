package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class HubTest {

    @TempDir
    Path data;

    /** A framework whose only property is the data folder. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getProperty") && "maskwatch.data".equals(args[0]) ? data.toString() : null);
    }

    /** An EventAdmin that throws, as Karaf's did on Java 25 (Subject.getSubject). */
    private static final class RefusingEventAdmin implements EventAdmin {
        int calls;

        @Override
        public void postEvent(Event event) {
            calls++;
            throw new UnsupportedOperationException("getSubject is not supported");
        }

        @Override
        public void sendEvent(Event event) {
            postEvent(event);
        }
    }

    @Test
    void anEventAdminThatThrowsDoesNotStopTheEventOrTheComplianceCounts() {
        Hub hub = new Hub(context());
        RefusingEventAdmin admin = new RefusingEventAdmin();
        hub.eventAdmin = admin;
        List<MaskEvent> received = new CopyOnWriteArrayList<>();
        hub.addListener(new MaskAnalyticsListener() {
            @Override
            public void maskEvent(MaskEvent event) {
                received.add(event);
            }
        }, Map.of());
        MaskEvent e = new MaskEvent(EventType.START, "door-1-1", "door", MaskLabel.NO_MASK, 1, Instant.parse("2026-12-07T09:00:00Z"),
                null, null, new PixelBox(1, 2, 30, 40), 0.8, 0.8, 0.8, null, null);
        hub.event(new Incidents.Message(e, null, null, null), false);
        hub.event(new Incidents.Message(e, null, null, null), false);
        hub.compliance("door", new Compliance.Minute(Instant.parse("2026-12-07T09:00:00Z"), 3, 2, 1));
        assertEquals(2, received.size(), "the listener got both messages");
        assertEquals(3, admin.calls, "every message was offered to EventAdmin");
    }
}
