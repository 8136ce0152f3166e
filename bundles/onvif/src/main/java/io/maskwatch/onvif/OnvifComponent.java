package io.maskwatch.onvif;

import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
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
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * An ONVIF event source on the servlet whiteboard: the Device service subset and the Event service with PullPoint
 * subscriptions, whose one topic ({@link Topics#TOPIC}) carries each camera's no_mask state. It listens to the
 * analytics (whiteboard); listener calls only update in-memory state and put messages into bounded per-subscription
 * queues. Nothing is served without a configuration; one without a user name or password is one log line, and then
 * only GetSystemDateAndTime answers (every other operation is a fault saying why).
 */
// The camera monitor is looked up, not bound: the analytics bundle's Hub provides it and binds every
// MaskAnalyticsListener, so binding it here would be a circular reference while the Hub activates (see MqttComponent).
@Component(service = {Servlet.class, MaskAnalyticsListener.class}, configurationPid = OnvifComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        reference = @Reference(name = OnvifComponent.MONITOR, service = CameraMonitor.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC))
@HttpWhiteboardServletPattern("/onvif/*")
@Designate(ocd = OnvifComponent.Config.class)
public final class OnvifComponent implements Servlet, MaskAnalyticsListener {

    public static final String PID = "io.maskwatch.onvif";
    static final String MONITOR = "monitor";
    /** The password's property, and the public name that is refused since DS would publish it. */
    static final String PASSWORD = ".password";
    static final String PUBLIC_PASSWORD = "password";
    private static final Logger LOG = Logger.getLogger(OnvifComponent.class.getName());

    /**
     * {@code _password()} is the property {@code .password} (DS and Metatype map a leading _ to a dot): a private
     * property, which DS does not copy into the service properties that every bundle can read.
     */
    @ObjectClassDefinition(name = "Maskwatch ONVIF", description = "ONVIF Device and Event service (PullPoint) with a no_mask"
            + " state per camera, for VMSs and home automation, under /onvif/ of the HTTP server.")
    @interface Config {
        @AttributeDefinition(name = "User name", description = "WS-Security UsernameToken user every client must sign in as")
        String username();

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
                description = "Property .password (private: kept out of the service registry)")
        String _password();

        @AttributeDefinition(name = "Maximum subscriptions", description = "PullPoint subscriptions at once; one more is a"
                + " fault until one is unsubscribed or expires", min = "1", max = "100")
        int maxSubscriptions() default 10;

        @AttributeDefinition(name = "Queue per subscription", description = "Messages held for a client that does not pull;"
                + " when full, the oldest is dropped (SetSynchronizationPoint sends every state again)", min = "1", max = "10000")
        int queuePerSubscription() default 100;

        @AttributeDefinition(name = "Maximum subscription time", description = "Seconds; a longer InitialTerminationTime or"
                + " Renew is cut to this, so a vanished client frees its subscription within it", min = "10", max = "86400")
        int subscriptionTimeout() default 600;

        @AttributeDefinition(name = "Serial number", description = "GetDeviceInformation's SerialNumber; empty: the host name",
                required = false)
        String serialNumber() default "";
    }

    private volatile Supplier<CameraMonitor> monitors = () -> null;
    private EventSource source;
    private OnvifServlet servlet;

    /** The camera monitor for tests; in a framework it is looked up when a subscription is made. */
    void monitor(CameraMonitor m) {
        monitors = () -> m;
    }

    /** @param context null outside a framework (tests) */
    @Activate
    void activate(ComponentContext context, Config config) {
        activate(context, config, Clock.systemUTC());
    }

    void activate(ComponentContext context, Config config, Clock clock) {
        if (context != null) {
            monitors = () -> (CameraMonitor) context.locateService(MONITOR);
        }
        String unavailable = null;
        String username = config.username() == null ? "" : config.username().strip();
        String password = config._password() == null ? "" : config._password();
        if (context != null && context.getProperties().get(PUBLIC_PASSWORD) != null) {
            unavailable = "name the password " + PASSWORD + ", not " + PUBLIC_PASSWORD
                    + " (every bundle can read a property without the dot in the service registry)";
        } else if (username.isEmpty() || password.isEmpty()) {
            unavailable = "set username and " + PASSWORD + " (ONVIF clients must sign in)";
        }
        source = new EventSource(config.maxSubscriptions(), config.queuePerSubscription(),
                Duration.ofSeconds(config.subscriptionTimeout()), clock, this::cameras);
        String version = context == null ? "dev" : context.getBundleContext().getBundle().getVersion().toString();
        EventService events = new EventService(source);
        DeviceService.Info info = new DeviceService.Info("Maskwatch", "Maskwatch mask detector", version,
                config.serialNumber().isBlank() ? hostName() : config.serialNumber().strip(), "maskwatch");
        servlet = new OnvifServlet(new WsSecurity(username, password, clock), new DeviceService(info, clock, events),
                events, unavailable == null ? null : "ONVIF is not configured: " + unavailable + " in " + PID);
        if (unavailable != null) {
            LOG.severe("onvif: not serving events, configuration " + PID + ": " + unavailable);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "maskwatch";
        }
    }

    private Collection<String> cameras() {
        CameraMonitor m = monitors.get();
        return m == null ? List.of() : m.statuses().stream().map(CameraStatus::camera).toList();
    }

    @Deactivate
    void deactivate() {
        source.close();
    }

    EventSource source() {
        return source;
    }

    OnvifServlet servlet() {
        return servlet;
    }

    @Override
    public void maskEvent(MaskEvent event) {
        source.maskEvent(event);
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        servlet.init(config);
    }

    @Override
    public ServletConfig getServletConfig() {
        return servlet.getServletConfig();
    }

    @Override
    public void service(ServletRequest req, ServletResponse res) throws ServletException, IOException {
        servlet.service(req, res);
    }

    @Override
    public String getServletInfo() {
        return "Maskwatch ONVIF";
    }

    @Override
    public void destroy() {
        servlet.destroy();
    }
}
