package io.maskwatch.trainer;

import io.maskwatch.api.PixelBox;
import io.maskwatch.detector.Face;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotFacesTest {

    private static final Path IMAGE = Path.of("images/a.jpg");

    @Test
    void onlyCandidatesAwayFromEveryAnnotatedFaceAreNotFaces() {
        List<PixelBox> annotated = List.of(new PixelBox(0, 0, 10, 10), new PixelBox(50, 50, 70, 70));
        assertTrue(NotFaces.isNotFace(candidate(20, 20, 30, 30), annotated), "overlaps nothing");
        assertFalse(NotFaces.isNotFace(candidate(1, 1, 11, 11), annotated), "a face found slightly off");
        // IoU 0.25 with the first face: under 0.3, so not a face.
        assertTrue(NotFaces.isNotFace(candidate(0, 0, 10, 2.5), annotated));
        // IoU 0.4: a face found badly, in neither class.
        assertFalse(NotFaces.isNotFace(candidate(0, 0, 10, 4), annotated));
        assertTrue(NotFaces.isNotFace(candidate(0, 0, 10, 10), List.of()), "an image without annotations");
    }

    /** A confident candidate where nobody annotated a face is most likely a face that was skipped: in neither class. */
    @Test
    void confidentUnannotatedCandidatesAreLeftOut() {
        PixelBox away = new PixelBox(20, 20, 30, 30);
        List<PixelBox> annotated = List.of(new PixelBox(0, 0, 10, 10));
        assertTrue(NotFaces.isNotFace(new Face(away, NotFaces.LIKELY_FACE - 0.01), annotated));
        assertFalse(NotFaces.isNotFace(new Face(away, NotFaces.LIKELY_FACE), annotated));
        assertFalse(NotFaces.isNotFace(new Face(away, 0.9), List.of()));
    }

    @Test
    void confidentCandidatesComeFirstAndTheCapHolds() {
        List<Sample> confident = samples("c", 3);
        List<Sample> rest = samples("r", 10);
        List<Sample> four = NotFaces.select(confident, rest, 4, 7);
        assertEquals(4, four.size());
        assertEquals(3, four.stream().filter(s -> s.key().startsWith("c")).count(), "all confident ones, then one more");
        assertEquals(2, NotFaces.select(confident, rest, 2, 7).size(), "a cap under the confident ones cuts them too");
        assertEquals(13, NotFaces.select(confident, rest, 100, 7).size());
        assertEquals(0, NotFaces.select(confident, rest, 0, 7).size());
        // The same seed chooses the same candidates whatever order they arrive in.
        List<Sample> reversed = new ArrayList<>(rest);
        java.util.Collections.reverse(reversed);
        assertEquals(NotFaces.select(confident, rest, 6, 7), NotFaces.select(confident, reversed, 6, 7));
        assertTrue(four.stream().noneMatch(Sample::isFace));
        assertEquals(NotFaces.LABEL, four.getFirst().className());
    }

    @Test
    void cacheLinesRoundTripAndTornLinesAreRejected() {
        String line = "1.0 2.0 11.5 12.5 0.9100 30.0 30.0 40.0 40.0 0.0600";
        assertTrue(NotFaces.wellFormed(line));
        List<Face> faces = NotFaces.parse(line);
        assertEquals(2, faces.size());
        assertEquals(new PixelBox(1, 2, 11.5, 12.5), faces.getFirst().box());
        assertEquals(0.06, faces.get(1).score(), 1e-9);
        assertTrue(NotFaces.wellFormed("none"));
        assertTrue(NotFaces.wellFormed("-"));
        assertEquals(0, NotFaces.parse("none").size());
        assertFalse(NotFaces.wellFormed("1.0 2.0 11.5 12.5"), "cut short");
        assertFalse(NotFaces.wellFormed("1.0 2.0 11.5 1x2.5 0.9"), "garbled");
    }

    private static Face candidate(double x1, double y1, double x2, double y2) {
        return new Face(new PixelBox(x1, y1, x2, y2), 0.1);
    }

    private static List<Sample> samples(String prefix, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Sample.notFace(prefix + i, IMAGE, new PixelBox(i, i, i + 5, i + 5)));
        }
        return out;
    }
}
