package io.maskwatch.launcher.detect;

import io.maskwatch.cli.ImageResampling;
import io.maskwatch.cli.ImageResampling.Interval;
import io.maskwatch.launcher.detect.AveragePrecision.Scored;
import io.maskwatch.launcher.detect.AveragePrecision.Truth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A 95 % interval for an AP figure by resampling the evaluated images ({@link ImageResampling}).
 * AP matches detections to the truth of their own image, so each copy of an image drawn twice
 * keeps an id of its own.
 */
final class ImageBootstrap {

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

    private final ImageResampling resampling;

    /** @param seed fixed, so that the same evaluation prints the same interval */
    ImageBootstrap(List<String> images, long seed) {
        this.resampling = new ImageResampling(images, seed);
    }

    /** The 2.5 and 97.5 percentiles of the figure over {@link ImageResampling#ROUNDS} draws of as many images as there are. */
    Interval interval(ToDoubleFunction<Draw> figure) {
        return resampling.interval(copies -> figure.applyAsDouble(new Draw(copies)));
    }
}
