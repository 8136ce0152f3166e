package io.maskwatch.launcher.detect;

import io.maskwatch.api.PixelBox;
import io.maskwatch.cli.ImageResampling;
import io.maskwatch.launcher.detect.AveragePrecision.Scored;
import io.maskwatch.launcher.detect.AveragePrecision.Truth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageBootstrapTest {

    private static PixelBox box(double x) {
        return new PixelBox(x, 0, x + 10, 10);
    }

    private static double ap(ImageBootstrap.Draw d, List<Scored> dets, Map<String, List<Truth>> truth) {
        return AveragePrecision.compute(d.detections(dets), d.truth(truth), 0.5, 0.5).ap();
    }

    @Test
    void anImageDrawnTwiceMatchesEachCopyToItsOwnTruth() {
        // Each copy brings its own detection and its own truth under its own id, so an image that
        // was found perfectly is still found perfectly when drawn twice.
        List<Scored> dets = List.of(new Scored("a", box(0), 0.9, 0.9));
        Map<String, List<Truth>> truth = Map.of("a", List.of(new Truth(box(0), false)), "b", List.of(new Truth(box(0), false)));
        ImageBootstrap.Draw twice = new ImageBootstrap.Draw(Map.of("a", 2));
        assertEquals(2, twice.detections(dets).size());
        assertEquals(2, twice.truth(truth).size(), "b was not drawn");
        assertEquals(1.0, ap(twice, dets, truth), 1e-12);
    }

    @Test
    void oneImageGivesNoSpread() {
        List<Scored> dets = List.of(new Scored("a", box(0), 0.9, 0.9), new Scored("a", box(100), 0.8, 0.8));
        Map<String, List<Truth>> truth = Map.of("a", List.of(new Truth(box(0), false), new Truth(box(50), false)));
        double full = AveragePrecision.compute(dets, truth, 0.5, 0.5).ap();
        ImageResampling.Interval i = new ImageBootstrap(List.of("a"), 1).interval(d -> ap(d, dets, truth));
        assertEquals(full, i.low(), 1e-12);
        assertEquals(full, i.high(), 1e-12);
    }

    /** Half the images found perfectly, half missed entirely: AP swings with the share drawn of each. */
    @Test
    void intervalSpreadsAroundTheFullSetAndRepeatsForTheSameSeed() {
        List<String> images = new ArrayList<>();
        List<Scored> dets = new ArrayList<>();
        Map<String, List<Truth>> truth = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String id = "img" + i;
            images.add(id);
            truth.put(id, List.of(new Truth(box(0), false)));
            dets.add(new Scored(id, box(i % 2 == 0 ? 0 : 300), 0.5 + i / 100.0, 0.9));
        }
        double full = AveragePrecision.compute(dets, truth, 0.5, 0.5).ap();
        ImageResampling.Interval i = new ImageBootstrap(images, 7).interval(d -> ap(d, dets, truth));
        assertTrue(i.low() < full && full < i.high(), i + " around " + full);
        assertTrue(i.high() - i.low() > 0.1, "40 images, half of them missed, cannot pin AP down: " + i);
        assertEquals(i, new ImageBootstrap(images, 7).interval(d -> ap(d, dets, truth)));
    }
}
