package io.maskwatch.openvino;

/** Colour formats understood by the pre-processing graph ({@code ov_color_format_e}). */
public enum ColorFormat {
    RGB(5),
    BGR(6),
    GRAY(7),
    RGBX(8),
    BGRX(9);

    final int code;

    ColorFormat(int code) {
        this.code = code;
    }
}
