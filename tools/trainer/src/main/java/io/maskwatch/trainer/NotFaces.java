package io.maskwatch.trainer;

import io.maskwatch.api.PixelBox;
import io.maskwatch.cli.Progress;
import io.maskwatch.detector.Face;
import io.maskwatch.detector.FaceDetectorOptions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Boxes the project's face detector finds where no face is annotated, mined from Pascal VOC images
 * for the classifier's {@value #LABEL} class ({@code train --not-faces}).
 *
 * <p>Most of what the detector reports at low scores in crowd photos is not a face that the
 * annotators marked: hair, hands, patterns, the backs of heads. With a class for them the
 * classifier becomes a second look at every candidate, as the second stage of a two-stage detector
 * is, and the detection engine multiplies the detector's face score by it. The candidates are the
 * ones {@code evaluate} ranks: the product's detector settings, down to face score
 * {@value #CANDIDATE_SCORE}.
 */
final class NotFaces implements AutoCloseable {

    static final String LABEL = "not_face";
    /** Candidates down to this face score, as {@code evaluate} keeps them. */
    static final double CANDIDATE_SCORE = 0.05;
    /**
     * A candidate overlapping every annotated face by less than this is not a face. One between
     * this and a match is a face found badly and goes to neither class.
     */
    static final double MAX_IOU = 0.3;
    /**
     * A candidate at or above this face score is left out even where no face is annotated: most of
     * those are real faces that the annotators skipped in crowds (bench/results/detector-ap.txt,
     * section L), and teaching the network that they are not faces cost it mask/no_mask accuracy
     * (section P).
     */
    static final double LIKELY_FACE = 0.3;
    /** Every not-face candidate from this face score up to {@link #LIKELY_FACE} is kept; the many below it are sampled. */
    static final double CONFIDENT = 0.2;
    private static final String CACHE_VERSION = "not-faces v1";
    /** The cache's value for an image in which the detector found nothing. */
    private static final String NONE = "none";

    private final CachedFaceDetector detector;

    private NotFaces(CachedFaceDetector detector) {
        this.detector = detector;
    }

    static FaceDetectorOptions detectorOptions() {
        return FaceDetectorOptions.defaults().withScoreThreshold(CANDIDATE_SCORE);
    }

    /** Opens the default face detector from {@code <home>/models/third-party}, caching in {@code <home>/.maskwatch/cache}. */
    static NotFaces open(Path home) {
        return new NotFaces(CachedFaceDetector.open(home, home.resolve(".maskwatch/cache"), detectorOptions(), CACHE_VERSION,
                NotFaces::wellFormed, "needed to find the not_face candidates; run bin/maskwatch setup, or leave out --not-faces"));
    }

    /** What model.json records about this step. */
    String describe(long seed) {
        return String.format(Locale.ROOT, "%s candidates (face score %.2f to under %.1f, product detector settings) in Pascal VOC "
                        + "images whose IoU with every annotated face is under %.1f; all those scoring >= %.1f, then a sample of the rest "
                        + "(java.util.Random(%d)), up to the size of the largest face class of the same dataset and part",
                detector.options().model().id(), CANDIDATE_SCORE, LIKELY_FACE, MAX_IOU, CONFIDENT, seed);
    }

    /**
     * The not-face candidates for one part of a VOC dataset, whose samples are its annotated faces;
     * at most {@code cap}. Unreadable images give none (they are reported where faces are loaded).
     */
    List<Sample> mine(DataSource ds, List<Sample> faces, int cap, long seed, PrintStream err, String what) {
        Map<Path, List<PixelBox>> annotated = new LinkedHashMap<>();
        faces.forEach(s -> annotated.computeIfAbsent(s.image(), k -> new ArrayList<>()).add(s.face()));
        List<Sample> confident = new ArrayList<>();
        List<Sample> rest = new ArrayList<>();
        Progress progress = new Progress(err, "not-face candidates (" + what + ")", annotated.size());
        for (var e : annotated.entrySet()) {
            List<Face> found = candidates(e.getKey());
            String rel = ds.root().relativize(e.getKey()).toString();
            for (int i = 0; i < found.size(); i++) {
                Face f = found.get(i);
                if (isNotFace(f, e.getValue())) {
                    Sample s = Sample.notFace(ds.name() + "/" + rel + "#" + LABEL + i, e.getKey(), f.box());
                    (f.score() >= CONFIDENT ? confident : rest).add(s);
                }
            }
            progress.advance(1, null);
        }
        detector.flush();
        return select(confident, rest, cap, seed);
    }

    static boolean isNotFace(Face candidate, List<PixelBox> annotated) {
        return candidate.score() < LIKELY_FACE && annotated.stream().allMatch(b -> candidate.box().iou(b) < MAX_IOU);
    }

    /** The confident candidates first, then a seeded sample of the rest, at most {@code cap} in all. */
    static List<Sample> select(List<Sample> confident, List<Sample> rest, int cap, long seed) {
        List<Sample> out = new ArrayList<>();
        for (List<Sample> group : List.of(confident, rest)) {
            List<Sample> g = new ArrayList<>(group);
            // Sorted first so the choice depends on the seed and the candidates only.
            g.sort(Comparator.comparing(Sample::key));
            Collections.shuffle(g, new Random(seed));
            out.addAll(g.subList(0, Math.min(g.size(), Math.max(0, cap - out.size()))));
        }
        return out;
    }

    private List<Face> candidates(Path image) {
        return parse(detector.lookup(image, (faces, frame) -> {
            StringBuilder sb = new StringBuilder();
            for (Face f : faces.detect(frame)) {
                sb.append(String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %.4f ",
                        f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2(), f.score()));
            }
            return sb.isEmpty() ? NONE : sb.toString().trim();
        }));
    }

    static List<Face> parse(String line) {
        if (line.equals(CachedFaceDetector.UNREADABLE) || line.equals(NONE)) {
            return List.of();
        }
        String[] v = line.split(" ");
        List<Face> out = new ArrayList<>(v.length / 5);
        for (int i = 0; i + 4 < v.length; i += 5) {
            out.add(new Face(new PixelBox(Double.parseDouble(v[i]), Double.parseDouble(v[i + 1]),
                    Double.parseDouble(v[i + 2]), Double.parseDouble(v[i + 3])), Double.parseDouble(v[i + 4])));
        }
        return out;
    }

    /** A line another run wrote completely. */
    static boolean wellFormed(String line) {
        if (line.equals(CachedFaceDetector.UNREADABLE) || line.equals(NONE)) {
            return true;
        }
        String[] v = line.split(" ");
        return v.length % 5 == 0 && CachedFaceDetector.allNumbers(v);
    }

    @Override
    public void close() {
        detector.close();
    }
}
