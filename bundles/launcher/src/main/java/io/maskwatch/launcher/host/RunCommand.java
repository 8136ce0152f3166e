package io.maskwatch.launcher.host;

import io.maskwatch.analytics.json.MaskJson;
import io.maskwatch.api.CameraMonitor;
import io.maskwatch.api.CameraState;
import io.maskwatch.api.CameraStatus;
import io.maskwatch.api.EventType;
import io.maskwatch.api.FrameAnalysis;
import io.maskwatch.api.MaskAnalyticsListener;
import io.maskwatch.api.MaskEvent;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.UsageException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/maskwatch run [--config FILE] [--camera ID=URL ...] [--http [ADDR:]PORT] [--events FILE.jsonl]
 * [--overlays FILE.jsonl] [--seconds N]}: the embedded host; the REST API and console only with {@code --http} or a
 * config file's {@code "http"} object, and the ONVIF event service only with that and an {@code "onvif"} object. Event lines go to stdout and to {@code --events} (appended, flushed per
 * line); camera state changes and the closing summary go to stderr. SIGINT/SIGTERM stop it cleanly: open
 * events end, and their END lines are written before exit.
 */
public final class RunCommand {

    private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());

    /** What a run is asked to do. */
    record Options(List<Map<String, Object>> cameras, Map<String, Map<String, Object>> configurations, Host.Http http, Path events,
            Path overlays, Duration limit, boolean untilDone) {

        /** No HTTP. */
        Options(List<Map<String, Object>> cameras, Map<String, Map<String, Object>> configurations, Path events, Path overlays,
                Duration limit, boolean untilDone) {
            this(cameras, configurations, null, events, overlays, limit, untilDone);
        }

        /** Cameras only, no other configuration. */
        Options(List<Map<String, Object>> cameras, Path events, Path overlays, Duration limit, boolean untilDone) {
            this(cameras, Map.of(), events, overlays, limit, untilDone);
        }
    }

    /** Felix HTTP's port when neither {@code --http} nor the {@code "http"} object names one. */
    static final int DEFAULT_HTTP_PORT = 8080;
    static final String DEFAULT_HTTP_ADDRESS = "127.0.0.1";

    /** Cameras made once the host runs, e.g. from footage that needs the video bundle to be written. */
    @FunctionalInterface
    interface Prepare {
        List<Map<String, Object>> cameras(Host host);
    }

    /** START messages kept for the closing report; bounded, later ones are counted only. */
    static final int MAX_KEPT_STARTS = 10_000;

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final List<MaskEvent> starts = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Counted down by SIGINT/SIGTERM (the shutdown hook) or {@link #stop()}. */
    private final CountDownLatch stop = new CountDownLatch(1);
    private BufferedWriter eventsFile;
    private BufferedWriter overlaysFile;

    /** Per camera: messages by type, and frame-to-event latency of START messages. */
    static final class Stats {
        final Map<EventType, AtomicLong> messages = new ConcurrentHashMap<>();
        final AtomicLong latencySumMs = new AtomicLong();
        final AtomicLong latencyMaxMs = new AtomicLong();
        final AtomicLong latencyCount = new AtomicLong();
    }

    RunCommand(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static int run(String[] args) {
        OneLineLog.install();
        Options o;
        try {
            o = parse(args);
        } catch (HostException | UsageException e) {
            System.err.println("maskwatch run: " + e.getMessage());
            return 2;
        }
        return eventsOnStdout(events -> new RunCommand(o, events, System.err).execute(Path.of(System.getProperty("maskwatch.home", "."))));
    }

    /**
     * Runs {@code command} with the real stdout handed to it for event lines, and {@code System.out} pointed at
     * stderr meanwhile: stdout is a stream of JSON lines that other programs parse, and bundles print to
     * {@code System.out} on their own (Felix SCR writes its warnings there when no LogService runs).
     */
    static int eventsOnStdout(java.util.function.ToIntFunction<PrintStream> command) {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            return command.applyAsInt(stdout);
        } finally {
            System.setOut(stdout);
        }
    }

    static Options parse(String[] args) {
        Args a = new Args(args, Set.of(), Set.of("--config", "--camera", "--http", "--events", "--overlays", "--seconds"));
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().getFirst() + "'; see bin/maskwatch --help");
        }
        List<Map<String, Object>> cameras = new ArrayList<>();
        Map<String, Map<String, Object>> configurations = new HashMap<>();
        a.all("--config").forEach(f -> {
            cameras.addAll(Cameras.fromFile(Path.of(f)));
            configurations.putAll(Cameras.configurations(Path.of(f)));
        });
        a.all("--camera").forEach(c -> cameras.add(Cameras.fromFlag(c)));
        if (cameras.isEmpty()) {
            throw new HostException("no cameras: give --config FILE or --camera ID=URL");
        }
        Cameras.validate(cameras);
        Host.Http http = http(a.get("--http", null), configurations);
        if (http == null && configurations.containsKey(Cameras.ONVIF_PID)) {
            throw new UsageException("\"onvif\" needs the HTTP server it is served on (/onvif/): add --http [ADDR:]PORT"
                    + " or an \"http\" object to the config");
        }
        return new Options(cameras, configurations, http, a.path("--events"), a.path("--overlays"), seconds(a), false);
    }

    /**
     * Where the REST API and console listen: {@code --http [ADDR:]PORT}, else the config's {@code "http"} object
     * ({@code port}, else 8080; {@code bind_address}, else 127.0.0.1); null without either. The chosen address
     * becomes the {@code io.maskwatch.http} configuration's {@code bind_address}, and {@code port}, which is the
     * host's and not a property of that PID, leaves it.
     */
    static Host.Http http(String flag, Map<String, Map<String, Object>> configurations) {
        Map<String, Object> conf = configurations.get(Cameras.HTTP_PID);
        if (flag == null && conf == null) {
            return null;
        }
        Map<String, Object> props = conf == null ? new HashMap<>() : new HashMap<>(conf);
        Object configuredPort = props.remove("port");
        String address = props.get("bind_address") instanceof String b && !b.isBlank() ? b.strip() : DEFAULT_HTTP_ADDRESS;
        int port = DEFAULT_HTTP_PORT;
        if (configuredPort != null) {
            port = port(String.valueOf(configuredPort), "\"http\": {\"port\": ...}");
        }
        if (flag != null) {
            int colon = flag.lastIndexOf(':');
            if (colon >= 0) {
                address = flag.substring(0, colon).replace("[", "").replace("]", "").strip();
                if (address.isEmpty()) {
                    throw new UsageException("--http takes [ADDR:]PORT, e.g. --http 8080 or --http 0.0.0.0:8080; got '" + flag + "'");
                }
            }
            port = port(flag.substring(colon + 1), "--http [ADDR:]PORT");
        }
        props.put("bind_address", address);
        configurations.put(Cameras.HTTP_PID, props);
        return new Host.Http(address, port);
    }

    private static int port(String text, String where) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException(where + ": the port must be 1-65535, got '" + text + "'");
    }

    /** {@code --seconds N}: a run-time limit, or null to run until stopped. */
    static Duration seconds(Args a) {
        double s = a.number("--seconds", Double.NaN);
        if (Double.isNaN(s)) {
            return null;
        }
        if (!(s > 0)) {
            throw new UsageException("--seconds must be more than 0, got " + s);
        }
        return Duration.ofMillis((long) (s * 1000));
    }

    /** Runs until a signal, the time limit, or (with untilDone) every camera has stopped. */
    int execute(Path home) {
        return execute(home, h -> List.of());
    }

    /** Ends a run as a signal would (tests). */
    void stop() {
        stop.countDown();
    }

    int execute(Path home, Prepare prepare) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            stop.countDown();
            try {
                stopped.await(40, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Host host = null;
        try {
            eventsFile = open(options.events());
            overlaysFile = open(options.overlays());
            host = Host.start(home, options.http(), options.configurations());
            host.listen(listener());
            host.subscribe("io/maskwatch/compliance", c -> err.printf("compliance %s minute %s: faces %s, masked %s, unmasked %s%n",
                    c.get("camera"), c.get("minute"), c.get("faces"), c.get("masked"), c.get("unmasked")));
            List<Map<String, Object>> cameras = new ArrayList<>(options.cameras());
            cameras.addAll(prepare.cameras(host));
            for (Map<String, Object> c : cameras) {
                host.configure(c);
            }
            err.println("maskwatch: " + cameras.size() + " camera(s) configured; events on stdout"
                    + (options.events() == null ? "" : " and in " + options.events())
                    + (options.http() == null ? "" : "; console on http://" + hostPort(options.http()) + "/console/")
                    + "; Ctrl-C stops");
            watch(host.monitor(), stop);
            return 0;
        } catch (HostException e) {
            err.println("maskwatch run: " + e.getMessage());
            LOG.log(Level.FINE, "host failed", e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (host != null) {
                List<CameraStatus> last = List.of();
                try {
                    last = host.monitor().statuses();
                } catch (HostException e) {
                    LOG.log(Level.FINE, "no statuses for the summary", e);
                }
                host.close();
                summary(last);
            }
            closeQuietly(eventsFile);
            closeQuietly(overlaysFile);
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                LOG.log(Level.FINEST, "shutting down already", e);
            }
        }
    }

    private static String hostPort(Host.Http http) {
        return (http.address().contains(":") ? "[" + http.address() + "]" : http.address()) + ":" + http.port();
    }

    /** Prints each camera's state changes until told to stop. */
    private void watch(CameraMonitor monitor, CountDownLatch stop) throws InterruptedException {
        Map<String, String> shown = new HashMap<>();
        long deadline = options.limit() == null ? Long.MAX_VALUE : System.nanoTime() + options.limit().toNanos();
        while (!stop.await(250, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            List<CameraStatus> all = monitor.statuses();
            for (CameraStatus s : all) {
                String line = s.state() + (s.reason() == null ? "" : " (" + s.reason() + ")");
                if (!line.equals(shown.put(s.camera(), line))) {
                    err.println("camera " + s.camera() + ": " + line);
                }
            }
            if (options.untilDone() && !all.isEmpty()
                    && all.stream().allMatch(s -> s.state() == CameraState.STOPPED || s.state() == CameraState.ERROR)) {
                return;
            }
        }
    }

    private MaskAnalyticsListener listener() {
        return new MaskAnalyticsListener() {
            @Override
            public void maskEvent(MaskEvent e) {
                Instant now = Instant.now();
                Stats s = stats.computeIfAbsent(e.camera(), k -> new Stats());
                s.messages.computeIfAbsent(e.type(), k -> new AtomicLong()).incrementAndGet();
                if (e.type() == EventType.START) {
                    if (starts.size() < MAX_KEPT_STARTS) {
                        starts.add(e);
                    }
                    long ms = Math.max(0, Duration.between(e.startTime(), now).toMillis());
                    s.latencySumMs.addAndGet(ms);
                    s.latencyCount.incrementAndGet();
                    s.latencyMaxMs.accumulateAndGet(ms, Math::max);
                }
                emit(MaskJson.event(e), true);
            }

            @Override
            public void frameAnalyzed(FrameAnalysis a) {
                if (overlaysFile != null) {
                    write(overlaysFile, MaskJson.frame(a));
                }
            }
        };
    }

    private synchronized void emit(String line, boolean event) {
        out.println(line);
        out.flush();
        if (event && eventsFile != null) {
            write(eventsFile, line);
        }
    }

    private void write(BufferedWriter w, String line) {
        synchronized (w) {
            try {
                w.write(line);
                w.newLine();
                w.flush();
            } catch (IOException e) {
                LOG.warning("cannot write a line: " + e.getMessage());
            }
        }
    }

    private static BufferedWriter open(Path p) {
        if (p == null) {
            return null;
        }
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            return Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new HostException("cannot open " + p + " for appending: " + e.getMessage());
        }
    }

    private static void closeQuietly(BufferedWriter w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "close failed", e);
            }
        }
    }

    private void summary(List<CameraStatus> statuses) {
        for (CameraStatus c : statuses) {
            Stats s = stats.getOrDefault(c.camera(), new Stats());
            long starts = count(s, EventType.START);
            err.printf("summary %s: %s; frames decoded %d, analysed %d, dropped %d; detector %.1f ms/frame; events %d (updates %d, ends %d)%s%n",
                    c.camera(), c.state(), c.framesDecoded(), c.framesAnalyzed(), c.framesDropped(), c.inferenceMillis(), starts,
                    count(s, EventType.UPDATE), count(s, EventType.END),
                    s.latencyCount.get() == 0 ? ""
                            : String.format("; frame-to-event latency mean %d ms, max %d ms", s.latencySumMs.get() / s.latencyCount.get(),
                                    s.latencyMaxMs.get()));
        }
    }

    private static long count(Stats s, EventType t) {
        AtomicLong n = s.messages.get(t);
        return n == null ? 0 : n.get();
    }

    Map<String, Stats> stats() {
        return stats;
    }

    List<MaskEvent> starts() {
        return List.copyOf(starts);
    }
}
