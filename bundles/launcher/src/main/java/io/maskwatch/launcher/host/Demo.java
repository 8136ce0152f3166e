package io.maskwatch.launcher.host;

import io.maskwatch.api.MaskEvent;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/maskwatch demo [--video PATH|URL] [--events FILE.jsonl] [--seconds N]}: the embedded host on
 * one camera. Without {@code --video} it plays a clip made from sample photos (masked and unmasked
 * people, a few seconds each), prints the events as they happen, and closes with which photo
 * produced which events.
 */
public final class Demo {

    private Demo() {
    }

    public static int run(String[] args) {
        OneLineLog.install();
        String video;
        Path events;
        Duration limit;
        Path writeClip;
        double hold;
        try {
            Args a = new Args(args, Set.of(), Set.of("--video", "--events", "--seconds", "--hold", "--write-clip"));
            if (!a.positionals().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positionals().getFirst()
                        + "'; demo takes --video, --events, --seconds, --hold, --write-clip");
            }
            video = a.get("--video", null);
            events = a.path("--events");
            limit = RunCommand.seconds(a);
            writeClip = a.path("--write-clip");
            hold = a.number("--hold", 4);
            if (!(hold > 0)) {
                throw new UsageException("--hold must be more than 0 seconds, got " + hold);
            }
        } catch (UsageException e) {
            System.err.println("maskwatch demo: " + e.getMessage());
            return 2;
        }
        Path home = Path.of(System.getProperty("maskwatch.home", ".")).toAbsolutePath().normalize();
        Path dataset = DemoClip.dataset(home);
        if (video == null && !Files.isDirectory(dataset)) {
            System.err.println("maskwatch demo: no sample photos at " + dataset + "; pass --video PATH|URL");
            return 2;
        }
        if (writeClip != null) {
            return writeOnly(home, dataset, writeClip, hold);
        }
        List<DemoClip.Segment> segments = new ArrayList<>();
        String source = video;
        double holdSeconds = hold;
        RunCommand.Options o = new RunCommand.Options(List.of(), events, null, limit, true);
        RunCommand run = new RunCommand(o, System.out, System.err);
        int code = run.execute(home, host -> {
            String src = source;
            if (src == null) {
                Path clip = clipPath();
                segments.addAll(writeClip(host, dataset, clip, holdSeconds));
                src = clip.toString();
            }
            Map<String, Object> cam = new LinkedHashMap<>();
            cam.put("id", "demo");
            cam.put("name", "Demo clip");
            cam.put("source", src);
            cam.put("fps", 5);
            if (source == null) {
                // Each photo replaces the last one in place, a new person every few seconds where the
                // previous one stood: the 30 s alert cooldown would take them for the same face.
                cam.put("cooldownSeconds", 2);
            }
            return List.of(cam);
        });
        if (!segments.isEmpty()) {
            report(segments, run.starts());
        }
        return code;
    }

    private static List<DemoClip.Segment> writeClip(Host host, Path dataset, Path clip, double hold) {
        System.err.println("maskwatch demo: writing a clip from the photos in " + dataset);
        List<DemoClip.Segment> segments = DemoClip.write(host, dataset, clip, hold);
        for (DemoClip.Segment s : segments) {
            System.err.printf("  %5.1f-%5.1f s  %-10s %s%n", s.from(), s.to(), s.masked() ? "masked" : "unmasked", s.image());
        }
        return segments;
    }

    /** {@code --write-clip FILE}: only the clip, e.g. to serve it over RTSP for {@code run}. */
    private static int writeOnly(Path home, Path dataset, Path clip, double hold) {
        try (Host host = Host.start(home)) {
            writeClip(host, dataset, clip.toAbsolutePath(), hold);
            System.err.println("maskwatch demo: wrote " + clip.toAbsolutePath());
            return 0;
        } catch (HostException e) {
            System.err.println("maskwatch demo: " + e.getMessage());
            return 2;
        }
    }

    private static Path clipPath() {
        try {
            Path dir = Files.createTempDirectory("maskwatch-demo");
            dir.toFile().deleteOnExit();
            Path clip = dir.resolve("demo.mp4");
            clip.toFile().deleteOnExit();
            return clip;
        } catch (IOException e) {
            throw new HostException("cannot create a folder for the demo clip: " + e.getMessage());
        }
    }

    /** Which photo each event started on: unmasked photos should have events, masked ones none. */
    private static void report(List<DemoClip.Segment> segments, List<MaskEvent> starts) {
        System.err.println("demo: events that started while each photo was on screen");
        int masked = 0;
        int bare = 0;
        for (DemoClip.Segment s : segments) {
            long n = starts.stream().filter(e -> e.mediaOffsetSeconds() != null && e.mediaOffsetSeconds() >= s.from()
                    && e.mediaOffsetSeconds() < s.to()).count();
            if (s.masked()) {
                masked += n;
            } else {
                bare += n;
            }
            System.err.printf("  %5.1f-%5.1f s  %-10s %-24s %d event(s)%n", s.from(), s.to(), s.masked() ? "masked" : "unmasked", s.image(), n);
        }
        System.err.printf("demo: %d event(s) on unmasked photos, %d on masked photos%n", bare, masked);
    }
}
