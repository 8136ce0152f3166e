package io.maskwatch.launcher.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.cli.Args;
import io.maskwatch.cli.ImageLoader;
import io.maskwatch.cli.UsageException;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.openvino.OpenVinoException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code bin/maskwatch detect [--json] [--annotate OUTDIR] [--min-face PX] IMAGE|DIR ...}: one line
 * per image, folders searched recursively. A file that cannot be read gets an error line and the
 * command goes on; the exit code is 1 when any image failed.
 */
public final class DetectCommand {

    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp");
    private static final Set<String> VALUED = Engine.options("--annotate", "--threshold");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DetectCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return detect(new Args(args, Engine.flags("--json"), VALUED), out, err);
        } catch (UsageException e) {
            err.println("maskwatch detect: " + e.getMessage());
            return 2;
        } catch (OpenVinoException e) {
            err.println("maskwatch detect: " + Engine.firstLine(e.getMessage()) + "; run with --debug for details, or bin/maskwatch info");
            System.getLogger(DetectCommand.class.getName()).log(System.Logger.Level.DEBUG, "OpenVINO failure", e);
            return 2;
        }
    }

    private static int detect(Args a, PrintStream out, PrintStream err) {
        if (a.positionals().isEmpty()) {
            throw new UsageException("give at least one image file or folder");
        }
        List<Path> inputs = expand(a.positionals());
        boolean json = a.flag("--json");
        Path annotate = a.path("--annotate");
        double threshold = a.number("--threshold", FaceDetectorOptions.defaults().scoreThreshold());
        FaceDetectorOptions options = Engine.faceOptions(a, threshold);
        int failed = 0;
        Set<String> written = new HashSet<>();
        try (Engine engine = Engine.open(a, options, true)) {
            for (Path file : inputs) {
                String error = null;
                try {
                    BufferedImage img = engine.images.load(file);
                    List<Detection> found;
                    try (Arena arena = Arena.ofConfined()) {
                        BgrFrame frame = Frames.of(img, arena);
                        found = engine.detector.detect(frame);
                    }
                    out.println(json ? jsonLine(file, img, found) : textLine(file, img, found));
                    if (annotate != null) {
                        Annotator.write(Annotator.draw(img, found.stream().map(Annotator::box).toList()),
                                annotate.resolve(uniqueName(file, written)));
                    }
                } catch (ImageLoader.ImageException e) {
                    error = e.getMessage();
                } catch (IOException e) {
                    error = "cannot write the annotated copy: " + e.getMessage();
                }
                if (error != null) {
                    failed++;
                    if (json) {
                        ObjectNode n = JSON.createObjectNode();
                        n.put("image", file.toString());
                        n.put("error", error);
                        out.println(n);
                    } else {
                        out.println(file + ": error: " + error);
                    }
                }
            }
        }
        return failed > 0 ? 1 : 0;
    }

    /** Files as given; folders walked in name order for files with an image extension. */
    static List<Path> expand(List<String> args) {
        List<Path> out = new ArrayList<>();
        for (String s : args) {
            Path p = Path.of(s);
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(DetectCommand::looksLikeImage).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UsageException("cannot list folder " + p + ": " + e.getMessage());
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String uniqueName(Path file, Set<String> written) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".png") && !lower.endsWith(".jpg") && !lower.endsWith(".jpeg")) {
            name = name + ".jpg";
        }
        String candidate = name;
        for (int i = 2; !written.add(candidate); i++) {
            int dot = name.lastIndexOf('.');
            candidate = name.substring(0, dot) + "-" + i + name.substring(dot);
        }
        return candidate;
    }

    static String jsonLine(Path file, BufferedImage img, List<Detection> found) {
        ObjectNode n = JSON.createObjectNode();
        n.put("image", file.toString());
        n.put("width", img.getWidth());
        n.put("height", img.getHeight());
        ArrayNode list = n.putArray("detections");
        for (Detection d : found) {
            ObjectNode o = list.addObject();
            ArrayNode box = o.putArray("box");
            box.add(round(d.box().x1(), 1)).add(round(d.box().y1(), 1)).add(round(d.box().x2(), 1)).add(round(d.box().y2(), 1));
            o.put("label", d.label().wireName());
            o.put("score", round(d.score(), 4));
            o.put("face_score", round(d.faceScore(), 4));
            o.put("label_prob", round(d.labelProb(), 4));
        }
        return n.toString();
    }

    private static String textLine(Path file, BufferedImage img, List<Detection> found) {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(": ").append(img.getWidth()).append('x').append(img.getHeight()).append(", ")
                .append(found.size()).append(found.size() == 1 ? " face" : " faces");
        for (Detection d : found) {
            sb.append(String.format(Locale.ROOT, "; %s %.2f at [%.0f,%.0f,%.0f,%.0f]", d.label().wireName(), d.score(),
                    d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()));
        }
        return sb.toString();
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
