package io.maskwatch.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho client subscribed to a filter, keeping every message it receives. */
public final class Subscriber implements AutoCloseable {

    /** One received message. */
    public record Received(String topic, String payload, int qos, boolean retained) {
    }

    private final MqttClient client;
    private final List<Received> received = new ArrayList<>();

    public Subscriber(String broker, String filter) throws MqttException {
        this(broker, filter, null, null);
    }

    public Subscriber(String broker, String filter, String user, String password) throws MqttException {
        client = new MqttClient(broker, "test-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                synchronized (received) {
                    received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(),
                            message.isRetained()));
                    received.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        client.connect(o);
        client.subscribe(filter, 2);
    }

    public List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> on(String topic) {
        return all().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Waits for a message on the topic that matches; fails with what did arrive. */
    public Received await(String topic, Predicate<Received> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (Received r : received) {
                    if (r.topic().equals(topic) && match.test(r)) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching message on " + topic + " within " + timeout + "; received " + received);
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public Received await(String topic, String payload, Duration timeout) throws InterruptedException {
        return await(topic, r -> r.payload().equals(payload), timeout);
    }

    /** Waits until {@code count} messages arrived on the topic. */
    public List<Received> awaitCount(String topic, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Received> on = new ArrayList<>();
                for (Received r : received) {
                    if (r.topic().equals(topic)) {
                        on.add(r);
                    }
                }
                if (on.size() >= count) {
                    return on;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(on.size() + " of " + count + " messages on " + topic + " within " + timeout + "; " + on);
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
        } finally {
            client.close(true);
        }
    }
}
