package io.maskwatch.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FaceModelTest {

    @Test
    void shortRangeHasTheAnchorsOfItsTrainingGraph() {
        float[] a = FaceModel.SHORT_RANGE.anchors(128, 128);
        // 16x16 cells x 2 at stride 8, then 8x8 cells x 6 at stride 16: MediaPipe's 896.
        assertEquals(896, a.length / 2);
        assertEquals(896, FaceModel.SHORT_RANGE.anchorCount(128, 128));
        assertEquals(4f, a[0]);
        assertEquals(4f, a[1]);
        assertEquals(4f, a[2], "the two anchors of a cell share its centre");
        assertEquals(12f, a[4], "next cell to the right");
        int firstCoarse = 2 * 16 * 16;
        assertEquals(8f, a[2 * firstCoarse]);
        assertEquals(8f, a[2 * firstCoarse + 1]);
        assertEquals(120f, a[a.length - 2]);
        assertEquals(120f, a[a.length - 1]);
    }

    @Test
    void fullRangeHasOneAnchorPerStride4Cell() {
        assertEquals(2304, FaceModel.FULL_RANGE.anchorCount(192, 192));
        float[] a = FaceModel.FULL_RANGE.anchors(192, 192);
        assertEquals(2f, a[0]);
        assertEquals(6f, a[2]);
    }

    @Test
    void anchorsFollowALargerInput() {
        // 384x640 gives 48x80 cells x 2 + 24x40 cells x 6, what the reshaped network outputs.
        assertEquals(13440, FaceModel.SHORT_RANGE.anchorCount(384, 640));
    }

    @Test
    void parsesCommandLineNames() {
        assertEquals(FaceModel.FULL_RANGE_SPARSE, FaceModel.parse("full_range_sparse"));
        assertEquals(FaceModel.CENTERFACE, FaceModel.parse(" CenterFace "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaceModel.parse("yolo"));
        assertEquals("unknown face model 'yolo': use short-range, full-range, full-range-sparse or centerface", e.getMessage());
    }
}
