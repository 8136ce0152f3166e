package io.maskwatch.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.analytics.json.MaskJson;
import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.eventjson.EventJson;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the analytics to an MQTT broker: every event message on {@code <prefix>/<camera>/events}, the
 * number of open events (retained) on {@code <prefix>/<camera>/no_mask}, camera states (retained) on
 * {@code <prefix>/<camera>/status}, optionally every frame's overlays on {@code <prefix>/<camera>/frames},
 * and {@code online}/{@code offline} (retained, offline also as Last Will) on {@code <prefix>/availability}.
 * The listener calls only put messages into a bounded {@link Outbox}; one {@link Publisher} thread sends
 * them. Nothing connects without a configuration; a bad one is one log line and the component stays idle.
 */
// The camera monitor is looked up, not bound: the analytics bundle's Hub provides it and binds every
// MaskAnalyticsListener, so binding it here would be a circular reference while the Hub activates.
@Component(service = MaskAnalyticsListener.class, configurationPid = MqttComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        reference = @Reference(name = MqttComponent.MONITOR, service = CameraMonitor.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC))
@Designate(ocd = MqttComponent.Config.class)
public final class MqttComponent implements MaskAnalyticsListener {

    public static final String PID = "io.maskwatch.mqtt";
    static final String MONITOR = "monitor";
    /** The password's property, and the public name that is refused since DS would publish it. */
    static final String PASSWORD = ".password";
    static final String PUBLIC_PASSWORD = "password";
    private static final Logger LOG = Logger.getLogger(MqttComponent.class.getName());

    /**
     * {@code _password()} is the property {@code .password} (DS and Metatype map a leading _ to a dot): a private
     * property, which DS does not copy into the service properties that every bundle can read.
     */
    @ObjectClassDefinition(name = "Maskwatch MQTT", description = "Publishes events, camera states and optionally overlays to an MQTT broker.")
    @interface Config {
        @AttributeDefinition(name = "Broker", description = "tcp://HOST:1883, or ssl://HOST:8883 (trusted through the JVM's default trust store)")
        String broker();

        @AttributeDefinition(name = "Client id", description = "Empty: maskwatch-<host name>", required = false)
        String clientId() default "";

        @AttributeDefinition(name = "User name", description = "Empty: connect anonymously", required = false)
        String username() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "Property .password (private: kept out of the service registry)")
        String _password() default "";

        @AttributeDefinition(name = "Topic prefix", description = "Topics are <prefix>/availability, <prefix>/stats and <prefix>/<camera>/...")
        String topicPrefix() default "maskwatch";

        @AttributeDefinition(name = "QoS of events", min = "0", max = "2")
        int qos() default 1;

        @AttributeDefinition(name = "Publish overlays", description = "Every analysed frame's overlay line on <prefix>/<camera>/frames at QoS 0 (high rate)")
        boolean publishFrames() default false;

        @AttributeDefinition(name = "Cameras", description = "Camera ids to publish; empty: every camera", required = false)
        String[] cameras() default {};

        @AttributeDefinition(name = "Queue capacity", description = "Event and overlay messages held while the broker is slow or away;"
                + " when full, the oldest overlay goes first, events only when the queue holds nothing else", min = "10", max = "100000")
        int queueCapacity() default 1000;
    }

    private MqttSettings settings;
    private Outbox outbox;
    private Publisher publisher;
    private volatile boolean running;
    private volatile Supplier<CameraMonitor> monitors = () -> null;
    /** Open events per camera, by id. */
    private final Map<String, Set<String>> open = new ConcurrentHashMap<>();
    /** The last value of every retained state topic, published again after each connect. */
    private final Map<String, String> retained = new ConcurrentHashMap<>();
    private long reportedDrops;
    private long lastDropReport;

    /** The camera monitor for tests; in a framework it is looked up on each tick (see the class annotation). */
    void monitor(CameraMonitor m) {
        monitors = () -> m;
    }

    /**
     * A bad configuration is logged as one line and leaves the component idle: no connection, listeners return at once.
     *
     * @param context null outside a framework (tests)
     */
    @Activate
    void activate(ComponentContext context, Config config) {
        if (context != null) {
            monitors = () -> (CameraMonitor) context.locateService(MONITOR);
        }
        try {
            if (context != null && context.getProperties().get(PUBLIC_PASSWORD) != null) {
                throw new IllegalArgumentException("name the password " + PASSWORD + ", not " + PUBLIC_PASSWORD
                        + " (every bundle can read a property without the dot in the service registry)");
            }
            settings = MqttSettings.from(config);
            outbox = new Outbox(settings.queueCapacity());
            publisher = new Publisher(settings, outbox, this::tick, this::republishState);
        } catch (IllegalArgumentException e) {
            LOG.severe("mqtt: not started, configuration " + PID + ": " + e.getMessage());
            settings = null;
            return;
        }
        running = true;
        publisher.start();
        LOG.fine(() -> "mqtt: publishing to " + settings);
    }

    @Deactivate
    void deactivate() {
        running = false;
        if (publisher != null) {
            publisher.close();
            long events = outbox.droppedEvents();
            long frames = outbox.droppedFrames();
            if (events + frames > 0) {
                LOG.warning("mqtt: dropped " + events + " event and " + frames + " overlay messages in all (queue of "
                        + outbox.capacity() + " full)");
            }
        }
    }

    /** Whether a configuration was accepted and the publisher runs. */
    boolean running() {
        return running;
    }

    boolean connected() {
        return publisher != null && publisher.isConnected();
    }

    Outbox outbox() {
        return outbox;
    }

    @Override
    public void maskEvent(MaskEvent e) {
        if (!running || !settings.publishes(e.camera())) {
            return;
        }
        outbox.offerEvent(new Outbox.Message(settings.topic(e.camera(), "events"), () -> EventJson.toJson(e), settings.qos(), false));
        Set<String> ids = open.computeIfAbsent(e.camera(), c -> ConcurrentHashMap.newKeySet());
        boolean changed = e.type() == EventType.END ? ids.remove(e.id()) : ids.add(e.id());
        if (changed) {
            state(settings.topic(e.camera(), "no_mask"), Integer.toString(ids.size()));
        }
    }

    @Override
    public void frameAnalyzed(FrameAnalysis a) {
        if (!running || !settings.publishFrames() || !settings.publishes(a.camera())) {
            return;
        }
        outbox.offerFrame(new Outbox.Message(settings.topic(a.camera(), "frames"), () -> MaskJson.frame(a), 0, false));
    }

    /** A retained state value at QoS 1, queued only when it differs from the last one. */
    private void state(String topic, String value) {
        if (!value.equals(retained.put(topic, value))) {
            outbox.putState(new Outbox.Message(topic, () -> value, 1, true));
        }
    }

    /** After every connect: the retained state again, since the broker may have lost it. */
    private void republishState() {
        retained.forEach((topic, value) -> outbox.putState(new Outbox.Message(topic, () -> value, 1, true)));
    }

    /** On the publisher thread every few seconds: camera states, statistics, the drop count in the log. */
    private void tick() {
        CameraMonitor m = monitors.get();
        if (m != null) {
            for (CameraStatus s : m.statuses()) {
                if (settings.publishes(s.camera())) {
                    state(settings.topic(s.camera(), "status"), s.state().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        long events = outbox.droppedEvents();
        long frames = outbox.droppedFrames();
        ObjectNode stats = EventJson.mapper().createObjectNode();
        stats.put("queued", outbox.size()).put("capacity", outbox.capacity()).put("dropped_events", events).put("dropped_frames", frames);
        state(settings.statsTopic(), stats.toString());
        long now = System.currentTimeMillis();
        if (events + frames > reportedDrops && now - lastDropReport >= 60_000) {
            LOG.warning("mqtt: dropped " + events + " event and " + frames + " overlay messages so far (queue of "
                    + outbox.capacity() + " full: broker slow or away)");
            reportedDrops = events + frames;
            lastDropReport = now;
        }
    }
}
