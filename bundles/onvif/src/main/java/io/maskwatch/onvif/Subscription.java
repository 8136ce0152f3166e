package io.maskwatch.onvif;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One PullPoint subscription: its termination time and a bounded queue of notifications. Drop policy: when
 * {@code capacity} notifications wait, a new one pushes out the oldest (counted in {@link #dropped()}); the newest
 * state of each camera is what a client needs, and SetSynchronizationPoint sends them all again. {@link #offer}
 * never blocks (the analytics threads call it); {@link #pull} waits for the first message. Thread-safe.
 */
final class Subscription {

    private final String id;
    private final int capacity;
    private final boolean wanted;
    private final ArrayDeque<Notification> queue = new ArrayDeque<>();
    private Instant termination;
    private long dropped;
    private boolean closed;

    /** @param wanted whether the subscription's filter lets the no_mask topic through; if not, it only ever pulls nothing */
    Subscription(String id, int capacity, Instant termination, boolean wanted) {
        this.id = id;
        this.capacity = capacity;
        this.termination = termination;
        this.wanted = wanted;
    }

    String id() {
        return id;
    }

    synchronized void offer(Notification n) {
        if (!wanted || closed) {
            return;
        }
        if (queue.size() >= capacity) {
            queue.pollFirst();
            dropped++;
        }
        queue.addLast(n);
        notifyAll();
    }

    /**
     * Up to {@code limit} notifications, oldest first; waits up to {@code timeoutMillis} for the first one, and
     * returns at once (perhaps with none) when the subscription is closed.
     */
    synchronized List<Notification> pull(int limit, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (long left = timeoutMillis; queue.isEmpty() && !closed && left > 0;
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            wait(left);
        }
        List<Notification> out = new ArrayList<>(Math.min(limit, queue.size()));
        while (out.size() < limit && !queue.isEmpty()) {
            out.add(queue.pollFirst());
        }
        return out;
    }

    synchronized Instant termination() {
        return termination;
    }

    synchronized void terminateAt(Instant t) {
        termination = t;
    }

    boolean expired(Instant now) {
        return !termination().isAfter(now);
    }

    /** Ends the subscription: a waiting pull returns, later offers are ignored. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized int size() {
        return queue.size();
    }

    synchronized long dropped() {
        return dropped;
    }
}
