package io.maskwatch.openvino;

/**
 * Tensor element types the bindings move data in. The numeric codes of {@code ov_element_type_e}
 * have shifted between OpenVINO releases (2025 dropped {@code UNDEFINED}, earlier releases added
 * sub-byte types), so they are not written here: the bindings ask the loaded runtime for them once
 * by reading a probe model (see {@link ElementCodes}).
 */
public enum ElementType {
    BOOLEAN("boolean", "BOOL", 1),
    BF16("bf16", "BF16", 2),
    F16("f16", "FP16", 2),
    F32("f32", "FP32", 4),
    F64("f64", "FP64", 8),
    I8("i8", "I8", 1),
    I16("i16", "I16", 2),
    I32("i32", "I32", 4),
    I64("i64", "I64", 8),
    U8("u8", "U8", 1),
    U16("u16", "U16", 2),
    U32("u32", "U32", 4),
    U64("u64", "U64", 8),
    /** A type these bindings do not move data in (dynamic, sub-byte, fp8, string, ...). */
    OTHER(null, null, 0);

    private final String irName;
    private final String irPrecision;
    private final int byteSize;

    ElementType(String irName, String irPrecision, int byteSize) {
        this.irName = irName;
        this.irPrecision = irPrecision;
        this.byteSize = byteSize;
    }

    /** The name in OpenVINO IR XML ({@code element_type="f32"}); null for {@link #OTHER}. */
    public String irName() {
        return irName;
    }

    /** The port precision in OpenVINO IR XML ({@code precision="FP32"}); null for {@link #OTHER}. */
    public String irPrecision() {
        return irPrecision;
    }

    /** Bytes per element; 0 for {@link #OTHER}. */
    public int byteSize() {
        return byteSize;
    }

    int code() {
        return Native.get().elementCodes().codeOf(this);
    }
}
