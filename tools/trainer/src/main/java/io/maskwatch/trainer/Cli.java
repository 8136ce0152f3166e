package io.maskwatch.trainer;

import io.maskwatch.cli.Args;
import io.maskwatch.cli.UsageException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/maskwatch train | classify | evaluate-classifier | compare-predictions | bench-train}. Exit codes: 0 done,
 * 1 failure, 2 bad input (one line on stderr saying what to change).
 */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static final String USAGE = """
            usage:
              train --data DIR [--data DIR ...] --out DIR [--epochs N] [--input-size PX] [--width-mult W]
                    [--seed S] [--val-fraction F] [--test-fraction F] [--batch-size N] [--lr X] [--optimizer adam|sgd]
                    [--weight-average DECAY] [--crop-scale S] [--layer-lr-decay D] [--dropout P] [--box-crops P] [--margin-crops P] [--not-faces] [--max-per-class N] [--three-class] [--whole-images] [--no-parity] [--from-params RUN/djl] [--init-params RUN/djl]
                    [--pretrained DIR | --scratch] [--force]
              classify [--json|--text] [--model DIR] IMAGE|DIR ...
              evaluate-classifier --data DIR [--model DIR] [--split test|val|train|all] [--whole-images] [--bare-boxes] [--mirror] [--predictions FILE.jsonl] [--json]
              compare-predictions [--json] A.jsonl B.jsonl
              bench-train [--sizes 96,112,128,160] [--widths 0.5,0.75,1.0] [--batch-size N] [--steps N]
              bench-classifier [--model DIR] [--iterations N]
            """;

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            (argv.length == 0 ? err : out).print(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        String cmd = argv[0];
        String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
        try {
            switch (cmd) {
                case "train" -> train(rest, err);
                case "classify" -> {
                    return ClassifyCommand.run(new Args(rest, Set.of("--json", "--text"), Set.of("--model")), out, err);
                }
                case "evaluate-classifier" -> EvaluateCommand.run(new Args(rest, Set.of("--json", "--whole-images", "--bare-boxes", "--mirror"),
                        Set.of("--data", "--model", "--split", "--predictions")), out, err);
                case "compare-predictions" -> ComparePredictions.run(new Args(rest, Set.of("--json"), Set.of()), out);
                case "bench-train" -> benchTrain(new Args(rest, Set.of(), Set.of("--sizes", "--widths", "--batch-size", "--steps")), out);
                case "bench-classifier" -> EvaluateCommand.benchClassifier(
                        new Args(rest, Set.of(), Set.of("--model", "--iterations")), out);
                default -> throw new UsageException("unknown command '" + cmd + "'; commands: train, classify, evaluate-classifier, compare-predictions, bench-train, bench-classifier");
            }
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("error: " + cmd + " failed: " + e);
            if (Boolean.getBoolean("maskwatch.debug")) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static void train(String[] argv, PrintStream err) throws Exception {
        Args a = new Args(argv, Set.of("--force", "--three-class", "--no-parity", "--whole-images", "--scratch", "--not-faces"),
                Set.of("--data", "--out", "--epochs", "--input-size", "--width-mult", "--seed", "--val-fraction",
                        "--test-fraction", "--batch-size", "--lr", "--weight-average", "--crop-scale", "--layer-lr-decay", "--dropout", "--box-crops", "--margin-crops", "--optimizer", "--max-per-class", "--from-params", "--init-params", "--pretrained"));
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().getFirst() + "'");
        }
        String out = a.get("--out", null);
        Path initParams = a.path("--init-params");
        Path fromParams = a.path("--from-params");
        Path pretrained = a.path("--pretrained");
        if (a.flag("--scratch") && pretrained != null) {
            throw new UsageException("--scratch trains from random weights; it cannot be combined with --pretrained");
        }
        // A run that starts from an earlier run's weights needs no pretrained ones.
        if (pretrained == null && !a.flag("--scratch") && initParams == null && fromParams == null) {
            pretrained = defaultPretrained();
        }
        TrainOptions opt = new TrainOptions(
                a.all("--data").stream().map(Path::of).toList(),
                out == null ? null : Path.of(out),
                a.integer("--epochs", TrainOptions.DEFAULT_EPOCHS),
                a.integer("--input-size", TrainOptions.DEFAULT_INPUT),
                (float) a.number("--width-mult", TrainOptions.DEFAULT_WIDTH),
                a.longInteger("--seed", TrainOptions.DEFAULT_SEED),
                a.number("--val-fraction", TrainOptions.DEFAULT_VAL),
                a.number("--test-fraction", TrainOptions.DEFAULT_TEST),
                a.flag("--force"),
                a.integer("--batch-size", TrainOptions.DEFAULT_BATCH),
                (float) a.number("--lr", TrainOptions.DEFAULT_LEARNING_RATE),
                a.flag("--three-class"),
                a.integer("--max-per-class", 0),
                !a.flag("--no-parity"),
                fromParams,
                initParams,
                pretrained,
                !a.flag("--whole-images"),
                a.number("--weight-average", TrainOptions.DEFAULT_WEIGHT_AVERAGE),
                a.number("--crop-scale", TrainOptions.DEFAULT_CROP_SCALE),
                a.number("--layer-lr-decay", TrainOptions.DEFAULT_LAYER_LR_DECAY),
                a.number("--dropout", 0),
                a.get("--optimizer", TrainOptions.OPTIMIZERS.getFirst()),
                a.number("--box-crops", TrainOptions.DEFAULT_BOX_CROPS),
                a.number("--margin-crops", TrainOptions.DEFAULT_MARGIN_CROPS),
                a.flag("--not-faces"));
        new TrainCommand(opt, err).run();
    }

    private static void benchTrain(Args a, PrintStream out) {
        int[] sizes = a.integers("--sizes", List.of(96, 112, 128, 160)).stream().mapToInt(Integer::intValue).toArray();
        List<Double> w = a.numbers("--widths", List.of(0.5, 0.75, 1.0));
        float[] widths = new float[w.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = w.get(i).floatValue();
        }
        ThroughputBench.run(out, sizes, widths, a.integer("--batch-size", 32), a.integer("--steps", 10));
    }

    /** The default model folder: {@code <home>/models/mask-classifier}. */
    static Path defaultModel() {
        return home().resolve("models").resolve("mask-classifier");
    }

    /** The pretrained weights setup fetches: {@code <home>/models/third-party/mobilenet_v2}. */
    static Path defaultPretrained() {
        return home().resolve("models").resolve("third-party").resolve("mobilenet_v2");
    }

    /** {@code <home>}: the maskwatch.home property or MASKWATCH_HOME, else the working directory. */
    static Path home() {
        String home = System.getProperty("maskwatch.home", System.getenv("MASKWATCH_HOME"));
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /**
     * How model.json records a path: relative to {@code <home>} when it lies in the project or
     * beside it (../shared/datasets), so a committed model card does not carry one machine's
     * folders; absolute otherwise.
     */
    static String fromHome(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path home = home();
        Path parent = home.getParent();
        if (abs.startsWith(home) || (parent != null && abs.startsWith(parent))) {
            return home.relativize(abs).toString();
        }
        return abs.toString();
    }

    static Path modelDir(Args a) {
        String m = a.get("--model", null);
        Path dir = m == null ? defaultModel() : Path.of(m);
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            throw new UsageException("no model.json in " + dir.toAbsolutePath() + ": pass --model DIR (a train --out folder)");
        }
        return dir;
    }
}
