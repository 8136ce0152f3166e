package io.maskwatch.datadir;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Where the host, {@code analyze} and {@code events search} find the same event store. */
public final class DataDirectory {

    public static final String ENV = "MASKWATCH_DATA";
    public static final String PROPERTY = "maskwatch.data";

    private DataDirectory() {
    }

    /** {@link #resolve(String, UnaryOperator)} with system properties. */
    public static Path resolve(String explicit) {
        return resolve(explicit, System::getProperty);
    }

    /**
     * An explicit directory if given, else the property {@code maskwatch.data}, else
     * {@code $MASKWATCH_DATA}, else {@code <maskwatch.home>/.maskwatch/data}, else
     * {@code ~/.maskwatch/data}.
     *
     * @param properties where properties are looked up: system properties on the command line,
     *                   framework properties (which fall back to system properties) in OSGi
     */
    public static Path resolve(String explicit, UnaryOperator<String> properties) {
        String dir = firstSet(explicit, properties.apply(PROPERTY), System.getenv(ENV));
        if (dir != null) {
            return Path.of(dir).toAbsolutePath();
        }
        String home = firstSet(properties.apply("maskwatch.home"), System.getProperty("user.home"));
        return Path.of(home).resolve(".maskwatch").resolve("data").toAbsolutePath();
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
