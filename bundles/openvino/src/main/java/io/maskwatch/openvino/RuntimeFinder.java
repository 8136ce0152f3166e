package io.maskwatch.openvino;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds {@code libopenvino_c}. The search order, each probe logged at DEBUG:
 * <ol>
 * <li>system property {@value #LIB_PROPERTY} or environment variable {@value #LIB_ENV}: a file or a folder;</li>
 * <li>{@code INTEL_OPENVINO_DIR} and {@code OPENVINO_INSTALL_DIR} (archive layout, {@code runtime/lib/intel64});</li>
 * <li>the project-local install, {@code <maskwatch.home>/.maskwatch/openvino/openvino/libs}, where the home is the
 *     system property {@code maskwatch.home} or the environment variable {@code MASKWATCH_HOME};</li>
 * <li>Python site-packages ({@code openvino/libs}, the pip wheel): {@code PYTHONPATH}, {@code VIRTUAL_ENV}, then the
 *     folders {@code python3} reports;</li>
 * <li>system folders (APT install and {@code /opt/intel}).</li>
 * </ol>
 */
public final class RuntimeFinder {

    public static final String LIB_PROPERTY = "maskwatch.openvino.lib";
    public static final String LIB_ENV = "MASKWATCH_OPENVINO_LIB";
    /** The pip release the project pins; keep it equal to the one in bin/setup. */
    public static final String PINNED_VERSION = "2026.4.1";

    private static final System.Logger LOG = System.getLogger(RuntimeFinder.class.getName());
    private static final String BASE_NAME = "libopenvino_c.so";

    private RuntimeFinder() {
    }

    /**
     * @return the library file
     * @throws OpenVinoException listing every place searched and the install command
     */
    public static Path find() {
        return find(System::getenv, System::getProperty);
    }

    static Path find(Function<String, String> env, Function<String, String> props) {
        return find(candidates(env, props));
    }

    static Path find(List<Path> candidates) {
        List<String> searched = new ArrayList<>();
        for (Path candidate : candidates) {
            searched.add(candidate.toString());
            Optional<Path> lib = libraryIn(candidate);
            LOG.log(Level.DEBUG, () -> "OpenVINO probe " + candidate + ": " + lib.map(Path::toString).orElse("not found"));
            if (lib.isPresent()) {
                return lib.get();
            }
        }
        throw new OpenVinoException("OpenVINO runtime (" + BASE_NAME + ") not found; searched " + String.join(", ", searched)
                + ". Install it with: bin/maskwatch setup (or python3 -m pip install --target .maskwatch/openvino openvino=="
                + PINNED_VERSION + "), or point " + LIB_ENV + " at the library");
    }

    static List<Path> candidates(Function<String, String> env, Function<String, String> props) {
        Set<Path> out = new LinkedHashSet<>();
        addPath(out, props.apply(LIB_PROPERTY));
        addPath(out, env.apply(LIB_ENV));
        for (String var : List.of("INTEL_OPENVINO_DIR", "OPENVINO_INSTALL_DIR")) {
            String dir = env.apply(var);
            if (dir != null && !dir.isBlank()) {
                out.add(Path.of(dir, "runtime", "lib", "intel64"));
            }
        }
        String home = Optional.ofNullable(props.apply("maskwatch.home")).orElse(env.apply("MASKWATCH_HOME"));
        if (home != null && !home.isBlank()) {
            out.add(Path.of(home, ".maskwatch", "openvino", "openvino", "libs"));
        }
        String pythonPath = env.apply("PYTHONPATH");
        if (pythonPath != null) {
            for (String p : pythonPath.split(java.io.File.pathSeparator)) {
                if (!p.isBlank()) {
                    out.add(Path.of(p, "openvino", "libs"));
                }
            }
        }
        String venv = env.apply("VIRTUAL_ENV");
        if (venv != null && !venv.isBlank()) {
            out.addAll(sitePackagesUnder(Path.of(venv, "lib")));
        }
        for (String site : pythonSiteFolders()) {
            out.add(Path.of(site, "openvino", "libs"));
        }
        out.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        out.add(Path.of("/usr/lib"));
        out.add(Path.of("/usr/local/lib"));
        out.add(Path.of("/opt/intel/openvino", "runtime", "lib", "intel64"));
        return List.copyOf(out);
    }

    private static void addPath(Set<Path> out, String value) {
        if (value != null && !value.isBlank()) {
            out.add(Path.of(value));
        }
    }

    private static List<Path> sitePackagesUnder(Path lib) {
        try (Stream<Path> s = Files.list(lib)) {
            return s.filter(p -> p.getFileName().toString().startsWith("python"))
                    .map(p -> p.resolve("site-packages").resolve("openvino").resolve("libs"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Asks python3 where its packages live; no answer within a few seconds means none. */
    private static List<String> pythonSiteFolders() {
        try {
            Process p = new ProcessBuilder("python3", "-c",
                    "import site,sys\nprint('\\n'.join(site.getsitepackages()+[site.getusersitepackages()]))")
                    .redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "python3 not available for the site-packages probe: " + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** A file is taken as it is; in a folder, the plain name or the newest versioned name. */
    static Optional<Path> libraryIn(Path candidate) {
        if (Files.isRegularFile(candidate)) {
            return Optional.of(candidate);
        }
        if (!Files.isDirectory(candidate)) {
            return Optional.empty();
        }
        Path plain = candidate.resolve(BASE_NAME);
        if (Files.isRegularFile(plain)) {
            return Optional.of(plain);
        }
        try (Stream<Path> s = Files.list(candidate)) {
            return s.filter(p -> p.getFileName().toString().startsWith(BASE_NAME + "."))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
