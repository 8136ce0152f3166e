package io.maskwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * {@code bin/maskwatch bench [NAME ...] [--quick]}: runs JMH benchmarks and keeps their results in
 * {@code bench/results/NAME-DATE[-quick].txt} (the human table, with percentiles for sample-time
 * results) and {@code .json} (JMH's own format); a second run the same day adds {@code -2}, then
 * {@code -3}, and so on. {@code --quick} runs a short schedule, and gives
 * {@code @Param} fields their {@link QuickParam} values where they have some.
 */
public final class BenchMain {

    /** Benchmark name → the JMH class it runs. */
    static final Map<String, Class<?>> BENCHMARKS = Map.of(
            "classifier", ClassifierBench.class,
            "decode", DecodeBench.class,
            "detector", DetectorBench.class,
            "events", EventsBench.class);

    private BenchMain() {
    }

    /** What to run: benchmark names in the order given, and whether to run the short schedule. */
    record Request(List<String> names, boolean quick) {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Request request;
        try {
            request = parse(args);
        } catch (UsageException e) {
            System.err.println("maskwatch bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path home = Path.of(System.getProperty("maskwatch.home", ".")).toAbsolutePath().normalize();
        Path results = home.resolve("bench/results");
        Files.createDirectories(results);
        for (String name : request.names()) {
            run(name, request.quick(), home, results);
        }
    }

    /** No name or {@code all} selects every benchmark; unknown names and options are refused. */
    static Request parse(String[] argv) {
        Args a = new Args(argv, Set.of("--quick"), Set.of());
        List<String> known = BENCHMARKS.keySet().stream().sorted().toList();
        List<String> names = a.positionals().stream().distinct().toList();
        for (String name : names) {
            if (!name.equals("all") && !BENCHMARKS.containsKey(name)) {
                throw new UsageException("unknown benchmark '" + name + "'; choose from " + known + " or all");
            }
        }
        return new Request(names.isEmpty() || names.contains("all") ? known : names, a.flag("--quick"));
    }

    private static void run(String name, boolean quick, Path home, Path results) throws RunnerException, IOException {
        String stem = freeStem(results, name + "-" + LocalDate.now() + (quick ? "-quick" : ""));
        Path json = results.resolve(stem + ".json");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(BENCHMARKS.get(name).getName())
                .forks(1)
                .jvmArgsAppend(forkArgs(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                        List.of("--enable-native-access=ALL-UNNAMED", "-Dmaskwatch.home=" + home)).toArray(String[]::new))
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON);
        if (quick) {
            quickParams(BENCHMARKS.get(name)).forEach((param, values) -> options.param(param, values.toArray(String[]::new)));
            options.warmupIterations(1).warmupTime(TimeValue.seconds(2)).measurementIterations(2).measurementTime(TimeValue.seconds(2));
        } else {
            options.warmupIterations(3).warmupTime(TimeValue.seconds(5)).measurementIterations(5).measurementTime(TimeValue.seconds(5));
        }
        // Shared machines make timings noisy; the load average tells a reader how far to trust them.
        String loadBefore = loadAverage();
        Collection<RunResult> runs = new Runner(options.build()).run();
        dropSampleHistograms(json);
        Path txt = results.resolve(stem + ".txt");
        try (PrintStream out = new PrintStream(Files.newOutputStream(txt))) {
            out.printf("# %s benchmark, %s, %d cores, load average before the run %s, %s, java %s%n", name, LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(), loadBefore,
                    quick ? "quick (1x2s warm-up, 2x2s measured)" : "3x5s warm-up, 5x5s measured", Runtime.version());
            // Questions as parameters (events) make long parameter lists: the column fits the longest.
            int paramsWidth = Math.max(20, runs.stream().mapToInt(r -> params(r).length()).max().orElse(0));
            for (RunResult r : runs) {
                var p = r.getPrimaryResult();
                out.printf("%-55s %-" + paramsWidth + "s %10.3f ± %.3f %s%s%s%n",
                        r.getParams().getBenchmark().replace("io.maskwatch.bench.", ""), params(r),
                        p.getScore(), p.getScoreError(), p.getScoreUnit(),
                        r.getParams().getMode() == Mode.SampleTime ? percentiles(p.getStatistics()) : "",
                        perRecordingMinute(r));
            }
        }
        System.out.println("results: " + txt + " and " + json);
        System.out.print(Files.readString(txt));
    }

    /**
     * The stem itself, or with the first free {@code -N} suffix when a result of that name exists:
     * a rerun the same day must not overwrite the figures another measurement was recorded from.
     */
    static String freeStem(Path results, String stem) {
        String candidate = stem;
        for (int n = 2; Files.exists(results.resolve(candidate + ".txt")) || Files.exists(results.resolve(candidate + ".json")); n++) {
            candidate = stem + "-" + n;
        }
        return candidate;
    }

    /**
     * Removes the per-sample histograms that sample-time benchmarks write into JMH's JSON (megabytes
     * for the events benchmark); the score, its error and its percentiles stay.
     */
    static void dropSampleHistograms(Path json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(json.toFile());
        for (JsonNode run : root) {
            if (run.get("primaryMetric") instanceof ObjectNode primary) {
                primary.remove("rawDataHistogram");
            }
            if (run.get("secondaryMetrics") instanceof ObjectNode secondary) {
                secondary.forEach(m -> {
                    if (m instanceof ObjectNode o) {
                        o.remove("rawDataHistogram");
                    }
                });
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
    }

    /**
     * What to append to a fork's JVM arguments. JMH starts each fork with this JVM's own arguments
     * (those bin/maskwatch passes, {@code MASKWATCH_JAVA_OPTS} included) and then the appended
     * ones, so only the {@code needed} arguments this JVM lacks are appended: each appears once. A
     * system property counts as present whatever its value, since this JVM's value is the one used.
     */
    static List<String> forkArgs(List<String> inherited, List<String> needed) {
        return needed.stream().filter(arg -> inherited.stream().noneMatch(have -> sameOption(have, arg))).toList();
    }

    private static boolean sameOption(String a, String b) {
        if (a.startsWith("-D") && b.startsWith("-D")) {
            return a.split("=", 2)[0].equals(b.split("=", 2)[0]);
        }
        return a.equals(b);
    }

    private static String params(RunResult r) {
        return String.join(",", r.getParams().getParamsKeys().stream().map(k -> k + "=" + r.getParams().getParam(k)).toList());
    }

    /**
     * The {@link QuickParam} values of a benchmark's {@code @Param} fields, in the benchmark class
     * and the state classes nested in it, by parameter name.
     */
    static Map<String, List<String>> quickParams(Class<?> benchmark) {
        Map<String, List<String>> params = new TreeMap<>();
        Stream.concat(Stream.of(benchmark), Arrays.stream(benchmark.getDeclaredClasses()))
                .flatMap(type -> Arrays.stream(type.getDeclaredFields()))
                .filter(field -> field.isAnnotationPresent(QuickParam.class))
                .forEach(field -> {
                    if (!field.isAnnotationPresent(Param.class)) {
                        throw new IllegalStateException(field.getDeclaringClass().getSimpleName() + "." + field.getName()
                                + " has @QuickParam but no @Param");
                    }
                    params.put(field.getName(), List.of(field.getAnnotation(QuickParam.class).value()));
                });
        return params;
    }

    /**
     * For a benchmark whose operation reads a whole recording of {@code recordingSeconds} (decode) and
     * is scored in seconds per operation: the same figure per minute of recording, and as a multiple
     * of real time, so runs over recordings of different lengths compare.
     */
    static String perRecordingMinute(RunResult r) {
        String seconds = r.getParams().getParam("recordingSeconds");
        if (seconds == null || !r.getPrimaryResult().getScoreUnit().equals("s/op")) {
            return "";
        }
        double perMinute = r.getPrimaryResult().getScore() * 60 / Double.parseDouble(seconds);
        return String.format(Locale.ROOT, "  = %.2f s per recording minute (%.1fx real time)", perMinute, 60 / perMinute);
    }

    /** Where a sample-time result's samples lie: its tail says more than its mean. */
    static String percentiles(Statistics samples) {
        return String.format(Locale.ROOT, "  p50 %.3f  p95 %.3f  p99 %.3f  max %.3f  (%,d samples)", samples.getPercentile(50),
                samples.getPercentile(95), samples.getPercentile(99), samples.getMax(), samples.getN());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
