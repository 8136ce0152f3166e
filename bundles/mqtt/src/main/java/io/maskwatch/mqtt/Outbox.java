package io.maskwatch.mqtt;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What waits for the broker: filled by the analytics threads (never blocking), emptied by the one
 * publisher thread. Drop policy, with {@code capacity} event and frame messages together:
 * <ul>
 *   <li>a new message when full drops the oldest frame message; when none is queued, a new frame
 *       message is itself dropped, and a new event message drops the oldest event message (events are
 *       only lost when the queue is full of events);</li>
 *   <li>retained state messages (counts, camera states, statistics) are kept apart, only the latest per
 *       topic, so they are bounded by the number of topics and never dropped.</li>
 * </ul>
 * The publisher looks at the next message, publishes it, and only then removes it, so a message whose
 * publishing failed (broker gone) is tried again after the reconnect. Order: state, events, frames.
 * Thread-safe.
 */
final class Outbox {

    /**
     * One MQTT message; the payload is written on the publisher thread.
     */
    record Message(String topic, Supplier<String> payload, int qos, boolean retained) {
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<Message> events = new ArrayDeque<>();
    private final ArrayDeque<Message> frames = new ArrayDeque<>();
    private final Map<String, Message> state = new LinkedHashMap<>();
    private long droppedEvents;
    private long droppedFrames;
    private boolean woken;

    Outbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    void offerEvent(Message m) {
        lock.lock();
        try {
            if (events.size() + frames.size() >= capacity) {
                if (!frames.isEmpty()) {
                    frames.pollFirst();
                    droppedFrames++;
                } else {
                    events.pollFirst();
                    droppedEvents++;
                }
            }
            events.addLast(m);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    void offerFrame(Message m) {
        lock.lock();
        try {
            if (events.size() + frames.size() >= capacity) {
                droppedFrames++;
                if (frames.isEmpty()) {
                    return;
                }
                frames.pollFirst();
            }
            frames.addLast(m);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** A retained state message: replaces one still queued for the same topic. */
    void putState(Message m) {
        lock.lock();
        try {
            state.remove(m.topic());
            state.put(m.topic(), m);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next message to publish, left in the box; waits at most {@code millis} for one.
     *
     * @return null when none came or the box was woken by {@link #wake()}
     */
    Message next(long millis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (isEmpty() && !woken && nanos > 0) {
                nanos = available.awaitNanos(nanos);
            }
            woken = false;
            if (!state.isEmpty()) {
                return state.values().iterator().next();
            }
            if (!events.isEmpty()) {
                return events.peekFirst();
            }
            return frames.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Removes a published message, unless the drop policy or a newer state value took it out already. */
    void remove(Message m) {
        lock.lock();
        try {
            if (state.get(m.topic()) == m) {
                state.remove(m.topic());
            } else if (events.peekFirst() == m) {
                events.pollFirst();
            } else if (frames.peekFirst() == m) {
                frames.pollFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting {@link #next} (or the next one) return at once, once. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    /** Event and frame messages waiting (state messages not counted). */
    int size() {
        lock.lock();
        try {
            return events.size() + frames.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return state.isEmpty() && events.isEmpty() && frames.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    long droppedEvents() {
        lock.lock();
        try {
            return droppedEvents;
        } finally {
            lock.unlock();
        }
    }

    long droppedFrames() {
        lock.lock();
        try {
            return droppedFrames;
        } finally {
            lock.unlock();
        }
    }
}
