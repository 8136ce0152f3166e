package io.maskwatch.mqtt;

import io.maskwatch.api.CameraId;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A checked {@code io.maskwatch.mqtt} configuration.
 *
 * @param broker        {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId      MQTT client id
 * @param username      user name, or null for an anonymous connection
 * @param password      password, or null
 * @param topicPrefix   first topic level(s), without a trailing slash
 * @param qos           QoS of event messages (0-2)
 * @param publishFrames whether overlay lines of every analysed frame are published
 * @param cameras       the cameras published; empty: all
 * @param queueCapacity messages held for the broker at most (events and frames together)
 */
record MqttSettings(String broker, String clientId, String username, String password, String topicPrefix, int qos,
        boolean publishFrames, Set<String> cameras, int queueCapacity) {

    static final int MIN_QUEUE = 10;
    static final int MAX_QUEUE = 100_000;

    /**
     * @throws IllegalArgumentException with one line naming the field, the rule and the value
     */
    static MqttSettings from(MqttComponent.Config c) {
        String broker = trim(c.broker());
        if (broker == null) {
            throw new IllegalArgumentException("broker is required: tcp://HOST:1883 or ssl://HOST:8883");
        }
        checkBroker(broker);
        String clientId = trim(c.clientId());
        if (clientId == null) {
            clientId = "maskwatch-" + hostName();
        }
        if (clientId.length() > 65535) {
            throw new IllegalArgumentException("clientId is longer than 65535 characters");
        }
        String username = trim(c.username());
        String password = c._password() == null || c._password().isEmpty() ? null : c._password();
        if (username == null && password != null) {
            throw new IllegalArgumentException("password is set but username is empty");
        }
        String prefix = c.topicPrefix() == null ? "" : c.topicPrefix().strip();
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")
                || prefix.contains("+") || prefix.contains("#") || prefix.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("topicPrefix must be topic levels without wildcards (+ #), empty levels or a leading"
                    + " or trailing /, e.g. maskwatch or site1/maskwatch; was '" + c.topicPrefix() + "'");
        }
        if (c.qos() < 0 || c.qos() > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + c.qos());
        }
        if (c.queueCapacity() < MIN_QUEUE || c.queueCapacity() > MAX_QUEUE) {
            throw new IllegalArgumentException("queueCapacity must be " + MIN_QUEUE + "-" + MAX_QUEUE + ", was " + c.queueCapacity());
        }
        Set<String> cameras = c.cameras() == null ? Set.of()
                : Set.copyOf(Arrays.stream(c.cameras()).map(MqttSettings::trim).filter(s -> s != null).toList());
        for (String camera : cameras.stream().sorted().toList()) {
            if (!CameraId.isValid(camera)) {
                throw new IllegalArgumentException("cameras must hold camera ids (" + CameraId.RULE + "), was '" + camera + "'");
            }
        }
        return new MqttSettings(broker, clientId, username, password, prefix, c.qos(), c.publishFrames(), cameras,
                c.queueCapacity());
    }

    private static void checkBroker(String broker) {
        String scheme;
        String host;
        try {
            URI u = new URI(broker);
            scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            host = u.getHost();
            boolean pathless = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
            if (!pathless || u.getRawQuery() != null || u.getRawUserInfo() != null) {
                host = null;
            }
        } catch (URISyntaxException e) {
            scheme = "";
            host = null;
        }
        if (!(scheme.equals("tcp") || scheme.equals("ssl")) || host == null || host.isEmpty()) {
            throw new IllegalArgumentException("broker must be tcp://HOST:PORT or ssl://HOST:PORT (credentials go in username"
                    + " and password), was '" + broker + "'");
        }
    }

    /** Whether this camera's messages are published. */
    boolean publishes(String camera) {
        return cameras.isEmpty() || cameras.contains(camera);
    }

    String topic(String camera, String leaf) {
        return topicPrefix + "/" + camera + "/" + leaf;
    }

    String availabilityTopic() {
        return topicPrefix + "/availability";
    }

    String statsTopic() {
        return topicPrefix + "/stats";
    }

    /** The broker and user, for log lines; never the password. */
    String describe() {
        return broker + (username == null ? "" : " as " + username) + " (client id " + clientId + ")";
    }

    @Override
    public String toString() {
        return "MqttSettings[" + describe() + ", prefix " + topicPrefix + ", qos " + qos + "]";
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return dot > 0 ? h.substring(0, dot) : h;
        } catch (UnknownHostException e) {
            return "host";
        }
    }
}
