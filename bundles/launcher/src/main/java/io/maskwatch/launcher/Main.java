package io.maskwatch.launcher;

import io.maskwatch.cli.UsageException;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches {@code bin/maskwatch <command>}. Exit codes: 0 success, 1 some inputs failed,
 * 2 usage or environment error (one line on stderr says what to do).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--debug")) {
            Logger.getLogger("").setLevel(Level.FINE);
            Arrays.stream(Logger.getLogger("").getHandlers()).forEach(h -> h.setLevel(Level.FINE));
            rest = Arrays.stream(rest).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        }
        try {
            return switch (args[0]) {
                case "info" -> InfoCommand.run(rest);
                case "demo" -> DemoCommand.run(rest);
                case "run" -> io.maskwatch.launcher.host.RunCommand.run(rest);
                case "detect" -> io.maskwatch.launcher.detect.DetectCommand.run(rest, System.out, System.err);
                case "evaluate" -> io.maskwatch.launcher.detect.EvaluateCommand.run(rest, System.out, System.err);
                case "events" -> io.maskwatch.launcher.events.EventsCommand.run(rest, System.out, System.err);
                case "analyze" -> io.maskwatch.launcher.detect.AnalyzeCommand.run(rest, System.out, System.err);
                default -> {
                    System.err.println("maskwatch: unknown command '" + args[0] + "'; run bin/maskwatch --help");
                    yield 2;
                }
            };
        } catch (UsageException e) {
            System.err.println("maskwatch " + args[0] + ": " + e.getMessage());
            return 2;
        }
    }

    static final String USAGE = """
            usage: bin/maskwatch <command> [options]

            commands:
              info            print the OpenVINO runtime, devices and model files as one JSON object
              run [--config FILE] [--camera ID=URL ...] [--http [ADDR:]PORT] [--events FILE.jsonl] [--overlays FILE.jsonl] [--seconds N]
                              run the embedded OSGi host: cameras become io.maskwatch.camera configurations;
                              no_mask events print as JSON lines (stdout and --events); Ctrl-C stops; the REST API
                              and web console only with --http or an "http" object in the config (127.0.0.1:8080);
                              the config's "mqtt" object publishes to a broker, its "onvif" object (with HTTP) adds
                              an ONVIF event service
              demo [--video PATH|URL] [--events FILE.jsonl]
                              the host on a clip made from sample photos (masked/unmasked), with live events
              detect [--json] [--annotate OUTDIR] [--min-face PX] IMAGE|DIR ...
                              find faces in images and label each mask / no_mask (one line per image)
              evaluate --voc DIR [--json OUT] [--plot OUT.png] [--exclude SPLIT]
                              score the detector on a Pascal VOC folder: AP per class, mAP, face AP
              analyze VIDEO ... [--camera ID] [--fps N] [--events FILE.jsonl] [--annotated OUT.mp4] [--data DIR]
                              index recordings into the event store, faster than real time (default 2 fps):
                              event lines on stdout (and appended to --events), a progress bar on stderr;
                              --annotated writes the analysed frames with boxes as H.264; exit 1 if a file failed
              events search [--camera ID]... [--label L] [--after T] [--before T] [--min-score S]
                            [--track N] [--recording PATH] [--has-snapshot true|false] [--limit N] [--offset N]
                            [--oldest-first] [--json] [--data DIR]
                              search stored events, newest first; T is 2026-03-01T09:00:00Z, 2026-03-01, -2h or yesterday;
                              --json prints one event JSON object per line; the store is --data, else
                              $MASKWATCH_DATA, else .maskwatch/data in the Maskwatch folder
              setup           install the pinned OpenVINO runtime and fetch third-party models (idempotent)

            mask classifier (the trainer; every option is in README.md, Commands):
              train --data DIR [--data DIR ...] --out DIR
                              train MobileNetV2 with DJL and export OpenVINO IR, model.json, history and reports
              classify [--json] IMAGE|DIR ...
                              label face-crop images, one JSON line each
              evaluate-classifier --data DIR [--model DIR]
                              the classification report and confusion matrix on held-out images
              compare-predictions A.jsonl B.jsonl
                              is model B better than A on the same faces? (paired interval of the difference)
              bench-train, bench-classifier
                              training throughput; classifier latency at batch 1 on one thread

            benchmarks:
              bench [classifier|decode|detector|events|all] [--quick]
                              JMH benchmarks; results in bench/results/

            Add --debug to any command for debug logging on stderr.""";
}
