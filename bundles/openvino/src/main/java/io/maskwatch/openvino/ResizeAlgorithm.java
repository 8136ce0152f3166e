package io.maskwatch.openvino;

/** Resize algorithms of the pre-processing graph ({@code ov_preprocess_resize_algorithm_e}). */
public enum ResizeAlgorithm {
    LINEAR(0),
    CUBIC(1),
    NEAREST(2);

    final int code;

    ResizeAlgorithm(int code) {
        this.code = code;
    }
}
