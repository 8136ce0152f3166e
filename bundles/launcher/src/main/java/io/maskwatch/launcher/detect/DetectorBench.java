package io.maskwatch.launcher.detect;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.cli.ImageLoader;
import io.maskwatch.detector.Face;
import io.maskwatch.detector.FaceDetector;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.detector.FaceModel;
import io.maskwatch.openvino.Core;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Milliseconds per 1280x720 frame for each face model at the automatic and a 20 px minimum face,
 * and for the batched classification of the faces found. Not a test (no timing asserts): run it
 * on a quiet machine and keep the output in bench/results.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Dmaskwatch.home=. -cp ... io.maskwatch.launcher.detect.DetectorBench [photo.jpg [model,...]]</pre>
 *
 * With a photo, the frame is that photo resized to 1280x720; without, a textured frame.
 */
public final class DetectorBench {

    private static final int WARMUP = 3;
    private static final int RUNS = 15;

    private DetectorBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Engine.home();
        BufferedImage img = args.length > 0 ? resize(new ImageLoader(ImageLoader.DEFAULT_MAX_PIXELS, "pass a smaller image").load(Path.of(args[0]))) : texture();
        System.out.printf(Locale.ROOT, "frame 1280x720 from %s; %d runs after %d warm-up; %d cores; %s%n",
                args.length > 0 ? args[0] : "a synthetic texture", RUNS, WARMUP, Runtime.getRuntime().availableProcessors(),
                loadAverage());
        try (Core core = Core.create(); Arena arena = Arena.ofConfined()) {
            BgrFrame frame = Frames.of(img, arena);
            List<Face> faces = List.of();
            List<FaceModel> models = args.length > 1 ? Arrays.stream(args[1].split(",")).map(FaceModel::parse).toList()
                    : List.of(FaceModel.values());
            for (FaceModel model : models) {
                Path file = home.resolve("models/third-party").resolve(model.fileName());
                if (!Files.isRegularFile(file)) {
                    System.out.println(model.id() + ": model file missing, skipped");
                    continue;
                }
                for (double[] setting : new double[][] {{0, 0}, {20, 0}, {0, 1}}) {
                    double minFace = setting[0];
                    boolean mirror = setting[1] > 0;
                    if (mirror && model != FaceDetectorOptions.defaults().model()) {
                        continue;
                    }
                    FaceDetectorOptions o = FaceDetectorOptions.defaults().withModel(model).withMinFace(minFace).withMirror(mirror);
                    try (FaceDetector d = new FaceDetector(core, file, o)) {
                        double mf = o.minFaceFor(1280, 720);
                        AtomicReference<List<Face>> last = new AtomicReference<>(List.of());
                        double[] ms = time(() -> last.set(d.detect(frame, mf)));
                        if (model == FaceDetectorOptions.defaults().model() && minFace == 0 && !mirror) {
                            faces = last.get();
                        }
                        System.out.printf(Locale.ROOT, "%-27s min face %4.1f px  passes %-22s  median %7.1f ms  p90 %7.1f ms  (%d faces)%n",
                                model.id() + (mirror ? " + mirrored" : ""), mf, describe(d.plan(1280, 720, mf)), ms[0], ms[1], last.get().size());
                    }
                }
            }
            Path classifierDir = home.resolve("models/mask-classifier");
            if (Files.isRegularFile(classifierDir.resolve("model.json")) && !faces.isEmpty()) {
                List<PixelBox> boxes = faces.stream().map(Face::box).toList();
                try (MaskClassifier c = MaskClassifier.open(classifierDir, core, "CPU", 1)) {
                    double[] ms = time(() -> c.classifyFaces(frame, boxes));
                    System.out.printf(Locale.ROOT, "classifier batch of %d faces  median %7.1f ms  p90 %7.1f ms%n", boxes.size(), ms[0], ms[1]);
                }
            } else {
                System.out.println("classifier: no model in " + classifierDir + " (or no faces), not timed");
            }
        }
    }

    private static String describe(List<io.maskwatch.detector.Pass> passes) {
        List<String> s = new ArrayList<>();
        for (io.maskwatch.detector.Pass p : passes) {
            s.add(p.modelWidth() + "x" + p.modelHeight() + (p.origins().size() > 1 ? "*" + p.origins().size() : ""));
        }
        return String.join(",", s);
    }

    /** Median and 90th percentile of {@link #RUNS} timed calls, in milliseconds. */
    private static double[] time(Runnable r) {
        for (int i = 0; i < WARMUP; i++) {
            r.run();
        }
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(t);
        return new double[] {t[RUNS / 2], t[(int) Math.ceil(RUNS * 0.9) - 1]};
    }

    private static String loadAverage() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static BufferedImage resize(BufferedImage src) {
        BufferedImage out = new BufferedImage(1280, 720, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, 1280, 720, null);
        g.dispose();
        return out;
    }

    private static BufferedImage texture() {
        BufferedImage out = new BufferedImage(1280, 720, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        Random rnd = new Random(7);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
            g.fillRect(rnd.nextInt(1280), rnd.nextInt(720), 10 + rnd.nextInt(120), 10 + rnd.nextInt(120));
        }
        g.dispose();
        return out;
    }
}
