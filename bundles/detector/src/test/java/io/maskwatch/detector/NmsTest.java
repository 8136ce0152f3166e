package io.maskwatch.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.maskwatch.api.PixelBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {

    private static Face face(double x1, double y1, double x2, double y2, double score) {
        return new Face(new PixelBox(x1, y1, x2, y2), score);
    }

    @Test
    void hardKeepsTheBestOfEachOverlappingGroup() {
        Face a = face(0, 0, 10, 10, 0.9);
        Face b = face(1, 0, 11, 10, 0.8);   // IoU with a: 90/110 = 0.82
        Face c = face(20, 20, 30, 30, 0.7);
        Face d = face(5, 0, 15, 10, 0.6);   // IoU with a: 50/150 = 0.33, kept at 0.5
        List<Face> kept = Nms.hard(List.of(d, c, b, a), 0.5);
        assertEquals(List.of(a, c, d), kept);
        assertEquals(List.of(a, c), Nms.hard(List.of(d, c, b, a), 0.3));
    }

    @Test
    void weightedAveragesTheGroupWithScoresAsWeights() {
        Face a = face(0, 0, 10, 10, 0.75);
        Face b = face(2, 0, 12, 10, 0.25);
        Face far = face(50, 50, 60, 60, 0.5);
        List<Face> out = Nms.weighted(List.of(b, far, a), 0.3);
        assertEquals(2, out.size());
        Face merged = out.getFirst();
        assertEquals(0.75, merged.score());
        assertEquals(0.5, merged.box().x1(), 1e-9);
        assertEquals(10.5, merged.box().x2(), 1e-9);
        assertEquals(0, merged.box().y1(), 1e-9);
        assertEquals(far, out.get(1));
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(List.of(), Nms.hard(List.of(), 0.3));
        assertEquals(List.of(), Nms.weighted(List.of(), 0.3));
    }
}
