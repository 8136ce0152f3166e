package io.maskwatch.launcher.host;

import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskDetector;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * An Apache Felix framework in this process with SCR, ConfigAdmin, EventAdmin, Metatype and the
 * Maskwatch bundles, all taken from the class path. The API package is exported by the system bundle,
 * so this class and the bundles share {@link MaskAnalyticsListener}, {@link CameraMonitor} and
 * {@link MaskDetector}. Cameras are factory configurations of {@code io.maskwatch.camera}.
 */
public final class Host implements AutoCloseable {

    public static final String CAMERA_FACTORY_PID = "io.maskwatch.camera";
    private static final Logger LOG = Logger.getLogger(Host.class.getName());
    /** Jetty's own INFO lines (a dozen per start) are left to --debug; Felix HTTP's "Started Jetty ... at port(s)" stays. */
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");
    /** Bundles taken from the class path, by symbolic-name prefix; everything else there is the launcher's own. */
    private static final List<String> BUNDLES = List.of("io.maskwatch.", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.eventadmin", "org.apache.felix.metatype", "org.osgi.util.promise", "org.osgi.util.function",
            "org.osgi.service.log", "org.osgi.service.component", "com.fasterxml.jackson.core.", "org.xerial.sqlite-jdbc",
            "org.eclipse.paho.client.mqttv3");
    /** The REST API and console with Felix HTTP Jetty 12 (the maskwatch-http Karaf feature): installed only with an {@link Http}. */
    private static final List<String> HTTP_BUNDLES = List.of("io.maskwatch.http", "org.apache.felix.http.",
            "org.apache.commons.commons-io", "org.apache.commons.commons-fileupload");
    /** The ONVIF event service (on the servlet whiteboard): installed only with an {@link Http} and an {@code io.maskwatch.onvif} configuration. */
    private static final String ONVIF_BUNDLE = "io.maskwatch.onvif";
    /** The framework properties that give Felix HTTP its address. */
    static final String FELIX_HTTP_HOST = "org.apache.felix.http.host";
    static final String FELIX_HTTP_PORT = "org.osgi.service.http.port";
    /** Without these the host is useless; any other bundle that fails is reported and left out. */
    private static final List<String> ESSENTIAL = List.of("io.maskwatch.analytics", "io.maskwatch.video", "org.apache.felix.scr",
            "org.apache.felix.configadmin", "org.apache.felix.eventadmin");
    private static final List<String> NOT_BUNDLES = List.of("io.maskwatch.api", "io.maskwatch.launcher", "io.maskwatch.itests",
            "io.maskwatch.trainer", "io.maskwatch.bench", "io.maskwatch.cli");
    /** The API package as its bundle exports it, version included, so that it never lags behind the API's package-info. */
    private static final String API_PACKAGE = apiPackage();
    /**
     * slf4j 2's packages, for Felix HTTP's Jetty, at the version of the slf4j-api jar on the class path (with a
     * leading comma; empty without one): the system bundle exports them, since slf4j 2 as a bundle needs a
     * service-loader extender. Its provider on the class path (slf4j-jdk14) logs to java.util.logging.
     */
    private static final String SLF4J_PACKAGES = slf4jPackages();

    /**
     * Where Felix HTTP listens: the REST API, metrics and console are served only when a host is started with one.
     *
     * @param address the bind address, e.g. 127.0.0.1
     * @param port    the TCP port, 1-65535
     */
    public record Http(String address, int port) {
        public Http {
            if (address == null || address.isBlank()) {
                throw new HostException("the HTTP bind address is empty");
            }
            if (port < 1 || port > 65535) {
                throw new HostException("the HTTP port must be 1-65535, was " + port);
            }
        }

        /**
         * Binds and releases the address once, so that a port in use is one line before anything starts;
         * Jetty would log it as a series of errors and leave the cameras running without the console.
         */
        void checkFree() {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(address, port));
            } catch (IOException | IllegalArgumentException | SecurityException e) {
                throw new HostException("cannot listen on " + address + ":" + port + " (" + e.getMessage()
                        + "): stop what uses it or choose another with --http [ADDR:]PORT", e);
            }
        }
    }

    private final Framework framework;
    private final Path storage;
    private final Http http;
    private final Map<String, Object> configurations = new HashMap<>();

    private Host(Framework framework, Path storage, Http http) {
        this.framework = framework;
        this.storage = storage;
        this.http = http;
    }

    /**
     * Starts the framework and every bundle but the HTTP ones.
     *
     * @param home the project folder (models, data)
     * @throws HostException when a Maskwatch bundle does not resolve or start
     */
    public static Host start(Path home) {
        return start(home, null, Map.of());
    }

    /**
     * Starts the framework and every bundle; with {@code http}, also the REST API, metrics and console on
     * Felix HTTP at that address.
     *
     * @param home           the project folder (models, data)
     * @param http           where Felix HTTP listens, or null for no HTTP bundles at all
     * @param configurations singleton configurations by PID (e.g. {@code io.maskwatch.mqtt}), made before the
     *                       Maskwatch bundles start, so their components never run without them first
     * @throws HostException when a Maskwatch bundle does not resolve or start
     */
    public static Host start(Path home, Http http, Map<String, Map<String, Object>> configurations) {
        if (http != null) {
            http.checkFree();
        }
        Path storage;
        try {
            storage = Files.createTempDirectory("maskwatch-felix");
        } catch (IOException e) {
            throw new HostException("cannot create the framework's cache folder: " + e.getMessage(), e);
        }
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, API_PACKAGE + SLF4J_PACKAGES);
        if (http != null) {
            // Framework properties, so Felix HTTP listens here from its start, and the http component leaves them alone.
            props.put(FELIX_HTTP_HOST, http.address());
            props.put(FELIX_HTTP_PORT, Integer.toString(http.port()));
            Level root = Logger.getLogger("").getLevel();
            if (JETTY_LOG.getLevel() == null && (root == null || root.intValue() > Level.FINE.intValue())) {
                JETTY_LOG.setLevel(Level.WARNING);
            }
        }
        props.put("maskwatch.home", home.toString());
        for (String key : List.of("maskwatch.data")) {
            String v = System.getProperty(key);
            if (v != null) {
                props.put(key, v);
            }
        }
        props.put("felix.log.logger", new FelixLog());
        props.put("felix.log.level", "2");
        props.put("ds.loglevel", "warn");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework fw = new FrameworkFactory().newFramework((Map) props);
        Host host = new Host(fw, storage, http);
        try {
            fw.start();
            host.installAll(configurations);
        } catch (BundleException | RuntimeException e) {
            host.close();
            throw e instanceof HostException h ? h : new HostException("the OSGi framework did not start: " + e.getMessage(), e);
        }
        return host;
    }

    private void installAll(Map<String, Map<String, Object>> configurations) throws BundleException {
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = symbolicName(entry);
            boolean httpBundle = name != null && HTTP_BUNDLES.stream().anyMatch(name::startsWith);
            boolean wanted = name != null && (ONVIF_BUNDLE.equals(name) ? http != null && configurations.containsKey(Cameras.ONVIF_PID)
                    : httpBundle ? http != null : BUNDLES.stream().anyMatch(name::startsWith));
            if (wanted && NOT_BUNDLES.stream().noneMatch(name::equals)) {
                installed.add(ctx.installBundle(location(entry)));
                LOG.fine(() -> "installed " + name + " from " + entry);
            }
        }
        framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        // Services first (SCR, ConfigAdmin, EventAdmin), so the project's components come up at once.
        installed.sort(java.util.Comparator.comparing((Bundle b) -> b.getSymbolicName().startsWith("io.maskwatch.")));
        boolean configured = false;
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            if (!configured && b.getSymbolicName().startsWith("io.maskwatch.")) {
                // ConfigAdmin runs now, the project's components not yet. (Felix HTTP's address and port are
                // framework properties, which the http component respects: no configuration, so Jetty starts once.)
                configurations.forEach(this::configure);
                configured = true;
            }
            try {
                b.start();
            } catch (BundleException e) {
                LOG.log(Level.FINE, "bundle " + b.getSymbolicName() + " did not start", e);
                if (ESSENTIAL.contains(b.getSymbolicName())) {
                    throw new HostException("bundle " + b.getSymbolicName() + " did not start: " + e.getMessage(), e);
                }
                LOG.warning("bundle " + b.getSymbolicName() + " left out: " + e.getMessage());
            }
        }
        for (Bundle b : installed) {
            LOG.fine(() -> "bundle " + b.getSymbolicName() + " " + b.getVersion() + ": state " + b.getState());
        }
        for (String needed : ESSENTIAL) {
            if (installed.stream().noneMatch(b -> needed.equals(b.getSymbolicName()))) {
                throw new HostException("bundle " + needed + " is not on the class path; rebuild with bin/maskwatch setup");
            }
        }
    }

    /** The bundle name of a jar, or of a class folder with bnd's manifest (a reactor build that stops before package). */
    private static String symbolicName(String entry) {
        java.util.jar.Manifest mf = manifest(entry);
        String n = mf == null ? null : mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        return n == null ? null : n.split(";")[0].trim();
    }

    /** {@code io.maskwatch.api;version="X"} from the Export-Package of the API jar (or class folder) this class loads it from. */
    private static String apiPackage() {
        String entry;
        try {
            entry = Path.of(MaskAnalyticsListener.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the API bundle: " + e, e);
        }
        java.util.jar.Manifest mf = manifest(entry);
        String exports = mf == null ? null : mf.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("io\\.maskwatch\\.api;(?:[^,]*;)?version=\"([^\"]+)\"")
                .matcher(exports == null ? "" : exports);
        if (!m.find()) {
            throw new IllegalStateException(entry + " exports no versioned io.maskwatch.api package; rebuild with bin/maskwatch setup");
        }
        return "io.maskwatch.api;version=\"" + m.group(1) + "\"";
    }

    private static String slf4jPackages() {
        java.net.URL jar = Host.class.getClassLoader().getResource("org/slf4j/LoggerFactory.class");
        if (jar == null || !"jar".equals(jar.getProtocol())) {
            return "";
        }
        String file = jar.getPath().substring("file:".length(), jar.getPath().indexOf("!/"));
        java.util.jar.Manifest mf = manifest(java.net.URLDecoder.decode(file, java.nio.charset.StandardCharsets.UTF_8));
        String exports = mf == null ? null : mf.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        StringBuilder out = new StringBuilder();
        // org.slf4j;uses:="...";version="2.0.17",org.slf4j.event;... : each package at its 2.x version, once
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|,)(org\\.slf4j[\\w.]*)((?:;[^,;\"]*(?:\"[^\"]*\")?)*)")
                .matcher(exports == null ? "" : exports);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (m.find()) {
            java.util.regex.Matcher v = java.util.regex.Pattern.compile(";version=\"(2\\.[^\"]+)\"").matcher(m.group(2));
            if (v.find() && seen.add(m.group(1))) {
                out.append(',').append(m.group(1)).append(";version=\"").append(v.group(1)).append('"');
            }
        }
        return out.toString();
    }

    private static java.util.jar.Manifest manifest(String entry) {
        java.util.jar.Manifest mf = null;
        try {
            if (entry.endsWith(".jar")) {
                try (JarFile j = new JarFile(entry)) {
                    mf = j.getManifest();
                }
            } else {
                Path m = Path.of(entry, "META-INF", "MANIFEST.MF");
                if (Files.isRegularFile(m)) {
                    try (var in = Files.newInputStream(m)) {
                        mf = new java.util.jar.Manifest(in);
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return mf;
    }

    private static String location(String entry) {
        String uri = new File(entry).toURI().toString();
        return entry.endsWith(".jar") ? uri : "reference:" + uri;
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    public List<Bundle> bundles() {
        return List.of(context().getBundles());
    }

    /** Registers a listener for every camera's overlays and events; unregistered on close. */
    public void listen(MaskAnalyticsListener listener) {
        context().registerService(MaskAnalyticsListener.class, listener, null);
    }

    /**
     * Registers a detector that the cameras use instead of the detector bundle's or their own (tests,
     * other engines): it is ranked above every other MaskDetector service.
     */
    public ServiceRegistration<MaskDetector> provide(MaskDetector detector) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        return context().registerService(MaskDetector.class, detector, props);
    }

    /**
     * Receives the EventAdmin events of a topic (e.g. {@code io/maskwatch/compliance}) as maps of their
     * properties plus {@code event.topics}. EventHandler's class lives in the EventAdmin bundle, so the
     * handler is a proxy of it.
     */
    public void subscribe(String topic, java.util.function.Consumer<Map<String, Object>> consumer) {
        Class<?> handler = bundleClass("org.apache.felix.eventadmin", "org.osgi.service.event.EventHandler");
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (p, m, args) -> {
            switch (m.getName()) {
                case "handleEvent" -> {
                    Object event = args[0];
                    Map<String, Object> props = new HashMap<>();
                    for (String name : (String[]) event.getClass().getMethod("getPropertyNames").invoke(event)) {
                        props.put(name, event.getClass().getMethod("getProperty", String.class).invoke(event, name));
                    }
                    consumer.accept(props);
                    return null;
                }
                case "hashCode" -> {
                    return System.identityHashCode(p);
                }
                case "equals" -> {
                    return p == args[0];
                }
                case "toString" -> {
                    return "maskwatch host handler of " + topic;
                }
                default -> {
                    return null;
                }
            }
        });
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("event.topics", topic);
        context().registerService(handler.getName(), proxy, props);
    }

    public CameraMonitor monitor() {
        return (CameraMonitor) service(CameraMonitor.class.getName(), "the analytics bundle is not running (no CameraMonitor service)");
    }

    /** A service by class name, waiting a little for components that are still coming up. */
    private Object service(String name, String missing) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            while (true) {
                // All references, not only those whose class the system bundle can load: ConfigAdmin's can't.
                ServiceReference<?>[] refs = context().getAllServiceReferences(name, null);
                if (refs != null && refs.length > 0) {
                    return context().getService(refs[0]);
                }
                if (System.nanoTime() > deadline) {
                    throw new HostException(missing);
                }
                Thread.sleep(50);
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(missing);
        }
    }

    /**
     * Creates or updates the factory configuration of a camera. The properties are those of the
     * camera form (id, source, fps, thresholds, ...); ConfigAdmin hands them to the analytics bundle.
     */
    public void configure(Map<String, Object> camera) {
        String id = String.valueOf(camera.get("id"));
        Dictionary<String, Object> d = new Hashtable<>(camera);
        invoke(configuration(id), "update", new Class<?>[] {Dictionary.class}, d);
    }

    /**
     * Creates or updates the configuration of a singleton PID, e.g. {@code io.maskwatch.mqtt}; ConfigAdmin
     * hands it to the bundle whose component has that PID (bound to no location, so any bundle may take it).
     */
    public void configure(String pid, Map<String, Object> properties) {
        Object admin = service("org.osgi.service.cm.ConfigurationAdmin", "ConfigAdmin is not running");
        Object c = invoke(admin, "getConfiguration", new Class<?>[] {String.class, String.class}, pid, "?");
        invoke(c, "update", new Class<?>[] {Dictionary.class}, new Hashtable<>(properties));
    }

    /** Deletes the camera's configuration, which stops its pipeline. */
    public void remove(String id) {
        Object c = configurations.remove(id);
        if (c != null) {
            invoke(c, "delete", new Class<?>[0]);
        }
    }

    // ConfigurationAdmin is called by reflection: its package lives in the ConfigAdmin bundle, not on the
    // launcher's class path, and exporting it from the system bundle would race the bundle's own export.
    private Object configuration(String id) {
        Object c = configurations.get(id);
        if (c == null) {
            Object admin = service("org.osgi.service.cm.ConfigurationAdmin", "ConfigAdmin is not running");
            c = invoke(admin, "getFactoryConfiguration", new Class<?>[] {String.class, String.class, String.class},
                    CAMERA_FACTORY_PID, id, "?");
            configurations.put(id, c);
        }
        return c;
    }

    private static Object invoke(Object target, String method, Class<?>[] types, Object... args) {
        try {
            Method m = target.getClass().getMethod(method, types);
            m.setAccessible(true);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new HostException("ConfigAdmin " + method + " failed: " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new HostException("ConfigAdmin has no " + method + ": " + e.getMessage(), e);
        }
    }

    /** Loads a class from an installed bundle, e.g. the video bundle's clip writer. */
    public Class<?> bundleClass(String symbolicName, String className) {
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                try {
                    return b.loadClass(className);
                } catch (ClassNotFoundException e) {
                    throw new HostException(className + " not found in " + symbolicName, e);
                }
            }
        }
        throw new HostException("bundle " + symbolicName + " is not installed");
    }

    /**
     * Stops every bundle and the framework, and deletes its cache. Listeners stay registered until the
     * framework is down, so they receive the END messages of events that the stopping cameras close.
     * Idempotent.
     */
    @Override
    public void close() {
        // The cameras first, while the detector they may be using still runs; then everything else.
        for (Bundle b : context().getBundles()) {
            if ("io.maskwatch.analytics".equals(b.getSymbolicName())) {
                try {
                    b.stop();
                } catch (BundleException | IllegalStateException e) {
                    LOG.log(Level.FINE, "stopping the analytics bundle failed", e);
                }
            }
        }
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException e) {
            LOG.log(Level.WARNING, "the framework did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(storage);
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete " + dir, e);
        }
    }

    /** Felix's own messages go to java.util.logging (stderr), never to stdout where the JSON lines are. */
    static final class FelixLog extends org.apache.felix.framework.Logger {
        @Override
        protected void doLogOut(int level, String msg, Throwable t) {
            Level l = switch (level) {
                case LOG_ERROR -> Level.WARNING;
                case LOG_WARNING -> Level.INFO;
                case LOG_INFO -> Level.FINE;
                default -> Level.FINER;
            };
            LOG.log(l, msg, t);
        }
    }
}
