package io.maskwatch.launcher.detect;

import io.maskwatch.launcher.detect.AveragePrecision.Scored;
import io.maskwatch.launcher.detect.AveragePrecision.Truth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A 95 % interval for an AP figure by resampling the evaluated images with replacement: a few
 * hundred held-out images decide the figure, and one crowded photo can move it by a point, so the
 * interval says which differences the set can tell apart. Images, not faces, are resampled,
 * because the faces of one photo share its light, camera and annotator.
 */
final class ImageBootstrap {

    /** Enough rounds for the 2.5 and 97.5 percentiles to settle to about 0.002. */
    static final int ROUNDS = 1000;

    /** A percentile interval of the resampled figures. */
    record Interval(double low, double high) {
    }

    /** One round's draw: how many times each image was drawn. */
    static final class Draw {
        private final Map<String, Integer> copies;

        Draw(Map<String, Integer> copies) {
            this.copies = copies;
        }

        /** The detections of the drawn images, each copy under an id of its own. */
        List<Scored> detections(List<Scored> all) {
            List<Scored> out = new ArrayList<>();
            for (Scored d : all) {
                int n = copies.getOrDefault(d.image(), 0);
                for (int k = 0; k < n; k++) {
                    out.add(new Scored(copyId(d.image(), k), d.box(), d.score(), d.operatingScore()));
                }
            }
            return out;
        }

        /** The ground truth of the drawn images, with the same copy ids as {@link #detections}. */
        Map<String, List<Truth>> truth(Map<String, List<Truth>> all) {
            Map<String, List<Truth>> out = new HashMap<>();
            all.forEach((image, faces) -> {
                int n = copies.getOrDefault(image, 0);
                for (int k = 0; k < n; k++) {
                    out.put(copyId(image, k), faces);
                }
            });
            return out;
        }

        private static String copyId(String image, int copy) {
            return copy == 0 ? image : image + "#copy" + copy;
        }
    }

    private final List<String> images;
    private final long seed;

    /** @param seed fixed, so that the same evaluation prints the same interval */
    ImageBootstrap(List<String> images, long seed) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to resample");
        }
        this.images = List.copyOf(images);
        this.seed = seed;
    }

    /** The 2.5 and 97.5 percentiles of the figure over {@link #ROUNDS} draws of as many images as there are. */
    Interval interval(ToDoubleFunction<Draw> figure) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            Map<String, Integer> copies = new LinkedHashMap<>();
            for (int i = 0; i < images.size(); i++) {
                copies.merge(images.get(random.nextInt(images.size())), 1, Integer::sum);
            }
            values[r] = figure.applyAsDouble(new Draw(copies));
        }
        Arrays.sort(values);
        return new Interval(values[(int) Math.floor(0.025 * (ROUNDS - 1))], values[(int) Math.ceil(0.975 * (ROUNDS - 1))]);
    }
}
