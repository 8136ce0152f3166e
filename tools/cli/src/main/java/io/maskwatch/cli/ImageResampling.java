package io.maskwatch.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A 95 % percentile interval for a figure measured on a set of images, by drawing as many images
 * as there are, with replacement, and measuring again. Images, not faces, are drawn, because the
 * faces of one photo share its light, camera and annotator; a few crowded photos can move a figure
 * by a point, and the interval says which differences the set can tell apart. The seed is fixed,
 * so that the same evaluation prints the same interval.
 */
public final class ImageResampling {

    /** Enough rounds for the 2.5 and 97.5 percentiles to settle to about 0.002. */
    public static final int ROUNDS = 1000;

    /** The 2.5 and 97.5 percentiles of the resampled figures. */
    public record Interval(double low, double high) {
    }

    private final List<String> images;
    private final long seed;

    public ImageResampling(List<String> images, long seed) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to resample");
        }
        this.images = List.copyOf(images);
        this.seed = seed;
    }

    /**
     * Measures {@code figure} on {@link #ROUNDS} draws. Each draw is given as how many times each
     * image was drawn; images not drawn are absent from the map.
     */
    public Interval interval(ToDoubleFunction<Map<String, Integer>> figure) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            Map<String, Integer> copies = new LinkedHashMap<>();
            for (int i = 0; i < images.size(); i++) {
                copies.merge(images.get(random.nextInt(images.size())), 1, Integer::sum);
            }
            values[r] = figure.applyAsDouble(copies);
        }
        Arrays.sort(values);
        return new Interval(values[(int) Math.floor(0.025 * (ROUNDS - 1))], values[(int) Math.ceil(0.975 * (ROUNDS - 1))]);
    }
}
