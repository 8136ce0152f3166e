package io.maskwatch.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The one thread that talks to the broker. It owns the Paho client: connects (Last Will
 * {@code <prefix>/availability = offline}, retained), publishes {@code online} on every connect, takes
 * messages from the {@link Outbox} in order, reconnects on the stepped backoff 1 s, 5 s, 10 s, 60 s while
 * the broker is away (the messages wait in the outbox meanwhile), and every few seconds runs the
 * component's tick (camera states, statistics). {@link #close} drains what is queued for a moment,
 * publishes {@code offline}, disconnects and joins the thread.
 */
final class Publisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Publisher.class.getName());
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(60));
    static final long TICK_MILLIS = 5_000;
    /** On close, queued messages still get this long to go out while the broker is connected. */
    static final long DRAIN_MILLIS = 3_000;
    private static final int CONNECT_TIMEOUT_S = 5;
    private static final long WAIT_MILLIS = 5_000;
    private static final long JOIN_MILLIS = DRAIN_MILLIS + (CONNECT_TIMEOUT_S * 1000L) + 2 * WAIT_MILLIS;
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    private final MqttSettings settings;
    private final Outbox outbox;
    private final Runnable tick;
    private final Runnable connected;
    /** Replaced after a failed connect (see {@link #connect}); read by other threads only through {@link #isConnected}. */
    private volatile MqttClient client;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean everConnected;

    /**
     * @param tick      run on the publisher thread every few seconds
     * @param connected run on the publisher thread after every connect, before queued messages go out
     * @throws IllegalArgumentException when Paho refuses the broker URI or client id
     */
    Publisher(MqttSettings settings, Outbox outbox, Runnable tick, Runnable connected) {
        this.settings = settings;
        this.outbox = outbox;
        this.tick = tick;
        this.connected = connected;
        client = newClient();
        thread = Thread.ofPlatform().name("maskwatch-mqtt").daemon().unstarted(this::run);
    }

    /** @throws IllegalArgumentException when Paho refuses the broker URI or client id */
    private MqttClient newClient() {
        MqttClient c;
        try {
            c = new MqttClient(settings.broker(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("broker " + settings.broker() + " refused by the MQTT client: " + e.getMessage(), e);
        }
        c.setTimeToWait(WAIT_MILLIS);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                LOG.warning("mqtt: lost the broker " + settings.broker() + " (" + reason(cause) + "); reconnecting, messages are"
                        + " held in a queue of " + outbox.capacity());
                outbox.wake();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        return c;
    }

    void start() {
        thread.start();
    }

    boolean isConnected() {
        return client.isConnected();
    }

    private void run() {
        int attempt = 0;
        long nextTick = 0;
        try {
            while (stop.getCount() > 0) {
                if (!client.isConnected()) {
                    if (connect()) {
                        attempt = 0;
                    } else {
                        Duration d = BACKOFF.get(Math.min(attempt++, BACKOFF.size() - 1));
                        stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    continue;
                }
                if (System.nanoTime() - nextTick >= 0) {
                    tick.run();
                    nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                }
                Outbox.Message m = outbox.next(250);
                if (m != null) {
                    publish(m);
                }
            }
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "mqtt: the publisher stopped: " + e, e);
        } finally {
            shutdown();
        }
    }

    private boolean connect() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false); // this thread reconnects on its own ladder, and keeps the queue meanwhile
        o.setConnectionTimeout(CONNECT_TIMEOUT_S);
        o.setKeepAliveInterval(30);
        o.setWill(settings.availabilityTopic(), OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().toCharArray());
        }
        try {
            client.connect(o);
            client.publish(settings.availabilityTopic(), bytes(ONLINE), 1, true);
        } catch (MqttException e) {
            LOG.log(Level.FINE, "mqtt connect failed", e);
            // A connect that timed out stays in progress inside Paho (a broker that accepts and never answers), and
            // every later attempt on that client fails with "Connect already in progress": the next try gets a new one.
            disconnectQuietly();
            closeClient();
            client = newClient();
            String line = "mqtt: cannot connect to " + settings.describe() + ": " + reason(e) + "; retrying";
            if (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED) {
                line += " (check username and password)";
            }
            LOG.warning(line);
            return false;
        }
        LOG.info("mqtt: connected to " + settings.describe() + "; publishing under " + settings.topicPrefix() + "/"
                + (everConnected ? " again" : ""));
        everConnected = true;
        connected.run();
        return true;
    }

    private void publish(Outbox.Message m) {
        byte[] payload;
        try {
            payload = bytes(m.payload().get());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "mqtt: cannot write a message for " + m.topic() + ": " + e, e);
            outbox.remove(m);
            return;
        }
        try {
            client.publish(m.topic(), payload, m.qos(), m.retained());
            outbox.remove(m);
        } catch (MqttException e) {
            // Not connected (any more) or no acknowledgement: the message stays first in line for the next connection.
            LOG.log(Level.FINE, "mqtt publish to " + m.topic() + " failed; kept for the next connection", e);
            if (client.isConnected() && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_TIMEOUT
                    && e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                LOG.warning("mqtt: the broker refused a message for " + m.topic() + ": " + reason(e) + "; dropped");
                outbox.remove(m);
            }
        }
    }

    /** What is queued goes out for a little while, as long as the broker is there. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (client.isConnected() && !outbox.isEmpty() && System.nanoTime() < deadline) {
            Outbox.Message m = outbox.next(0);
            if (m != null) {
                publish(m);
            }
        }
    }

    private void shutdown() {
        try {
            if (client.isConnected()) {
                client.publish(settings.availabilityTopic(), bytes(OFFLINE), 1, true);
                client.disconnect(1_000);
            }
        } catch (MqttException e) {
            LOG.log(Level.FINE, "mqtt: clean disconnect failed", e);
            disconnectQuietly();
        } finally {
            closeClient();
        }
    }

    private void disconnectQuietly() {
        try {
            client.disconnectForcibly(0, 1_000);
        } catch (MqttException e) {
            LOG.log(Level.FINE, "mqtt: forced disconnect failed", e);
        }
    }

    private void closeClient() {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(Level.FINE, "mqtt: close failed", e);
        }
    }

    /** Stops the thread: drains, publishes offline, disconnects, joins; idempotent. */
    @Override
    public void close() {
        stop.countDown();
        outbox.wake();
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning("mqtt: the publisher thread did not stop within " + JOIN_MILLIS + " ms; closing its connection");
            thread.interrupt();
            disconnectQuietly();
            closeClient();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String reason(Throwable e) {
        if (e == null) {
            return "connection closed";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage();
        String r = root != e && root.getMessage() != null ? root.getMessage() : null;
        return r == null ? String.valueOf(m) : m + ": " + r;
    }
}
