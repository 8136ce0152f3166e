package io.maskwatch.onvif;

import io.maskwatch.api.EventType;
import io.maskwatch.api.MaskEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The no_mask property of every camera and the PullPoint subscriptions that receive it. A camera's State is true
 * while at least one no_mask event of it is open: a START (or UPDATE) of a new event id takes the count from 0 to 1
 * and sends {@code Changed true}, the END of the last one sends {@code Changed false}. A new subscription first gets
 * every camera's state as {@code Initialized} (cameras the monitor knows, and any that had an event), in the same
 * step that registers it, so it misses no change and sees none twice.
 *
 * <p>Bounds: at most {@code maxSubscriptions} at once; expired ones are removed whenever a subscription is made,
 * looked up or sent a message, so a client that vanished holds its slot only until its termination time, which is
 * never more than {@code maxTermination} ahead. Listener calls take this object's lock only for in-memory work and
 * never wait for a client. Thread-safe.
 */
final class EventSource {

    private static final Logger LOG = Logger.getLogger(EventSource.class.getName());

    private final int maxSubscriptions;
    private final int queueCapacity;
    private final Duration maxTermination;
    private final Clock clock;
    private final Supplier<Collection<String>> knownCameras;
    private final SecureRandom random = new SecureRandom();
    /** Open no_mask event ids by camera. */
    private final Map<String, Set<String>> open = new TreeMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private boolean closed;

    EventSource(int maxSubscriptions, int queueCapacity, Duration maxTermination, Clock clock,
            Supplier<Collection<String>> knownCameras) {
        if (maxSubscriptions < 1 || queueCapacity < 1 || maxTermination.toSeconds() < 10) {
            throw new IllegalArgumentException("maxSubscriptions and queuePerSubscription must be at least 1,"
                    + " subscriptionTimeout at least 10 seconds");
        }
        this.maxSubscriptions = maxSubscriptions;
        this.queueCapacity = queueCapacity;
        this.maxTermination = maxTermination;
        this.clock = clock;
        this.knownCameras = knownCameras;
    }

    Clock clock() {
        return clock;
    }

    int maxSubscriptions() {
        return maxSubscriptions;
    }

    synchronized void maskEvent(MaskEvent e) {
        if (closed) {
            return;
        }
        Set<String> ids = open.computeIfAbsent(e.camera(), c -> new TreeSet<>());
        boolean before = !ids.isEmpty();
        if (e.type() == EventType.END) {
            ids.remove(e.id());
        } else {
            ids.add(e.id());
        }
        boolean after = !ids.isEmpty();
        if (before != after) {
            Instant now = clock.instant();
            reap(now);
            Notification n = new Notification(e.camera(), after, now, Notification.Operation.Changed);
            subscriptions.values().forEach(s -> s.offer(n));
        }
    }

    /** Every camera's current state, as Initialized messages, by camera id. */
    private List<Notification> snapshot(Instant now) {
        Set<String> cameras = new TreeSet<>(open.keySet());
        Collection<String> known = knownCameras.get();
        if (known != null) {
            cameras.addAll(known);
        }
        List<Notification> out = new ArrayList<>(cameras.size());
        for (String c : cameras) {
            Set<String> ids = open.get(c);
            out.add(new Notification(c, ids != null && !ids.isEmpty(), now, Notification.Operation.Initialized));
        }
        return out;
    }

    /**
     * A new subscription, primed with every camera's Initialized state.
     *
     * @param requested termination time asked for, or null for the default (one minute, or less if so configured)
     * @param wanted    whether the client's topic filter lets the no_mask topic through
     */
    synchronized Subscription subscribe(Instant requested, boolean wanted) throws SoapFault {
        if (closed) {
            throw SoapFault.internal("the event service is stopping");
        }
        Instant now = clock.instant();
        reap(now);
        if (subscriptions.size() >= maxSubscriptions) {
            throw SoapFault.subscribeCreationFailed("all " + maxSubscriptions + " pull points are in use; unsubscribe one"
                    + " or let it expire (io.maskwatch.onvif maxSubscriptions)");
        }
        byte[] b = new byte[16];
        random.nextBytes(b);
        Subscription s = new Subscription(HexFormat.of().formatHex(b), queueCapacity,
                termination(now, requested == null ? now.plus(Duration.ofMinutes(1)) : requested), wanted);
        snapshot(now).forEach(s::offer);
        subscriptions.put(s.id(), s);
        return s;
    }

    /** The live subscription of that id. */
    synchronized Subscription get(String id) throws SoapFault {
        reap(clock.instant());
        Subscription s = id == null ? null : subscriptions.get(id);
        if (s == null) {
            throw SoapFault.unknownSubscription("no such subscription (unsubscribed, expired or never made);"
                    + " create a new one with CreatePullPointSubscription");
        }
        return s;
    }

    /** Sets a new termination time, within the maximum; returns it. */
    synchronized Instant renew(Subscription s, Instant requested) throws SoapFault {
        Instant now = clock.instant();
        Instant t = termination(now, requested == null ? now.plus(Duration.ofMinutes(1)) : requested);
        s.terminateAt(t);
        return t;
    }

    synchronized void unsubscribe(Subscription s) {
        subscriptions.remove(s.id());
        end(s, "unsubscribed");
    }

    /** Closes a subscription, with one log line if its queue overflowed. */
    private void end(Subscription s, String how) {
        s.close();
        if (s.dropped() > 0) {
            LOG.warning("onvif: subscription " + s.id() + " " + how + " after dropping its " + s.dropped()
                    + " oldest messages (queue of " + queueCapacity + " full: the client pulled too rarely)");
        }
    }

    /** SetSynchronizationPoint: every camera's state again, as Initialized. */
    synchronized void synchronize(Subscription s) {
        snapshot(clock.instant()).forEach(s::offer);
    }

    synchronized int size() {
        return subscriptions.size();
    }

    /** Ends every subscription (waiting pulls return); later calls find none. */
    synchronized void close() {
        closed = true;
        subscriptions.values().forEach(Subscription::close);
        subscriptions.clear();
    }

    private Instant termination(Instant now, Instant requested) throws SoapFault {
        if (!requested.isAfter(now)) {
            throw SoapFault.invalidArg("the termination time is not in the future");
        }
        Instant max = now.plus(maxTermination);
        return requested.isAfter(max) ? max : requested;
    }

    private void reap(Instant now) {
        subscriptions.values().removeIf(s -> {
            if (s.expired(now)) {
                end(s, "expired");
                return true;
            }
            return false;
        });
    }
}
