package io.maskwatch.http;

import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.EventStore;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.datadir.DataDirectory;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
 * Registers the API, metrics and console servlet on the servlet whiteboard, and listens to the
 * analytics (whiteboard) for the latency histogram and compliance counts. The camera monitor is
 * optional and dynamic: without pipelines the API still serves stored events.
 */
// The camera monitor is looked up on each request, not bound: the analytics bundle's Hub provides it and binds every
// MaskAnalyticsListener, so binding it here is a circular reference when the Hub activates first (SCR logs "Could not
// get service from ref [io.maskwatch.analytics.Hub, io.maskwatch.api.CameraMonitor]" and binds it late).
@Component(service = {Servlet.class, MaskAnalyticsListener.class}, configurationPid = HttpComponent.PID,
        reference = @Reference(name = HttpComponent.MONITOR, service = CameraMonitor.class,
                cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC))
@HttpWhiteboardServletPattern({"/api/*", "/metrics", "/console/*", ""})
@Designate(ocd = HttpComponent.Config.class)
public final class HttpComponent implements Servlet, MaskAnalyticsListener {

    public static final String PID = "io.maskwatch.http";
    static final String MONITOR = "monitor";
    /** The token's property; {@link #PUBLIC_TOKEN}, its name before, is still read, with a warning, since DS publishes it. */
    static final String TOKEN = ".token";
    static final String PUBLIC_TOKEN = "token";
    /** The configuration PID and host property of Felix HTTP's Jetty. */
    static final String FELIX_HTTP_PID = "org.apache.felix.http";
    static final String FELIX_HTTP_HOST = "org.apache.felix.http.host";
    private static final Logger LOG = Logger.getLogger(HttpComponent.class.getName());

    /**
     * A double underscore in a method name is one underscore in the property name (DS and Metatype name mapping):
     * bind_address, ...; a leading single underscore is a leading dot: {@code .token}, a private property, which DS
     * does not copy into the service properties that every bundle can read.
     */
    @ObjectClassDefinition(name = "Maskwatch HTTP API", description = "REST API, metrics and web console.")
    @interface Config {
        @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD,
                description = "Property .token (private: kept out of the service registry). Empty: one is generated on"
                        + " first start, kept in the data directory and printed once")
        String _token() default "";

        @AttributeDefinition(name = "Bind address", description = "Address the HTTP server listens on (Felix HTTP's "
                + FELIX_HTTP_HOST + "); set only where no one configured Felix HTTP")
        String bind__address() default "127.0.0.1";

        @AttributeDefinition(name = "Data directory", description = "Where a generated token is kept; empty: $MASKWATCH_DATA, else <maskwatch.home>/.maskwatch/data")
        String data__dir() default "";

        @AttributeDefinition(name = "MJPEG frames per second", min = "0.1", max = "30")
        double stream__fps() default 5;

        @AttributeDefinition(name = "Maximum open MJPEG streams", min = "1", max = "64")
        int max__streams() default 8;
    }

    private final Metrics metrics = new Metrics();
    /** The camera monitor, looked up on each request (see the class annotation); none outside a framework. */
    private volatile Supplier<CameraMonitor> monitors = () -> null;
    private ApiServlet servlet;

    @Reference
    EventStore store;


    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private ConfigurationAdmin configAdmin;

    /** @param context null outside a framework (tests); its bundle context's properties may name the data directory */
    @Activate
    void activate(ComponentContext context, Config config) {
        if (!(config.stream__fps() > 0 && config.stream__fps() <= 30)) {
            throw new IllegalArgumentException("stream_fps must be in (0, 30], was " + config.stream__fps());
        }
        if (config.max__streams() < 1) {
            throw new IllegalArgumentException("max_streams must be at least 1, was " + config.max__streams());
        }
        if (context != null) {
            monitors = () -> (CameraMonitor) context.locateService(MONITOR);
        }
        String token = config._token();
        Object publicToken = context == null ? null : context.getProperties().get(PUBLIC_TOKEN);
        if (publicToken instanceof String t && !t.isBlank()) {
            LOG.warning("http: configuration " + PID + " names the API token '" + PUBLIC_TOKEN + "', which every bundle can read"
                    + " in the service registry; rename it '" + TOKEN + "'" + (token.isBlank() ? "" : " (that one is used)"));
            token = token.isBlank() ? t : token;
        }
        Auth auth = Auth.fromConfig(token,
                DataDirectory.resolve(config.data__dir(), context == null ? System::getProperty : context.getBundleContext()::getProperty),
                System.err::println); // stderr: in the embedded host, stdout carries only the event lines
        servlet = new ApiServlet(store, () -> Optional.ofNullable(monitors.get()), auth, metrics, config.max__streams(),
                config.stream__fps());
        bindAddress(config.bind__address(), context == null ? null : context.getBundleContext().getProperty(FELIX_HTTP_HOST));
    }

    /**
     * Felix HTTP listens on all interfaces unless told otherwise; this puts our default (loopback)
     * into its configuration, but never overrides a host an administrator already set there or as a
     * framework property (as the embedded host does).
     */
    private void bindAddress(String host, String frameworkHost) {
        if (configAdmin == null || host == null || host.isBlank() || frameworkHost != null) {
            return;
        }
        try {
            Configuration c = configAdmin.getConfiguration(FELIX_HTTP_PID, "?");
            Dictionary<String, Object> p = c.getProperties();
            if (p != null && p.get(FELIX_HTTP_HOST) != null) {
                return;
            }
            Dictionary<String, Object> next = p == null ? new Hashtable<>() : p;
            next.put(FELIX_HTTP_HOST, host);
            c.update(next);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot set the HTTP bind address to " + host + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        servlet.stop();
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
        return "Maskwatch API";
    }

    @Override
    public void destroy() {
        servlet.destroy();
    }

    @Override
    public void frameAnalyzed(FrameAnalysis analysis) {
        metrics.frameAnalyzed(analysis);
    }

    @Override
    public void maskEvent(MaskEvent event) {
        metrics.maskEvent(event);
    }
}
