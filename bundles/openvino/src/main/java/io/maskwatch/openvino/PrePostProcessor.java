package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Adds conversion steps to a model's graph so that the runtime, not Java, converts what the
 * caller has (say u8 NHWC BGR frames of any size) into what the model wants (say f32 NCHW RGB
 * 128x128, scaled). Steps run in the order they are added. Example:
 *
 * <pre>{@code
 * try (PrePostProcessor ppp = new PrePostProcessor(model)) {
 *     ppp.inputTensor(0, ElementType.U8, "NHWC", ColorFormat.BGR)
 *        .inputConvertElementType(0, ElementType.F32)
 *        .inputConvertColor(0, ColorFormat.RGB)
 *        .inputResize(0, ResizeAlgorithm.LINEAR)
 *        .inputMean(0, 127.5f).inputScale(0, 127.5f)
 *        .inputModelLayout(0, "NCHW");
 *     Model converted = ppp.build();
 * }
 * }</pre>
 *
 * Used by one thread at a time. The model passed in is not changed; {@link #build()} returns a new one.
 */
public final class PrePostProcessor extends NativeHandle {

    private final Model model;

    public PrePostProcessor(Model model) {
        this(model, create(model));
    }

    private PrePostProcessor(Model model, MemorySegment address) {
        super(Native.get(), address, "PrePostProcessor");
        this.model = model;
    }

    private static MemorySegment create(Model model) {
        Native api = Native.get();
        MemorySegment m = model.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_preprocess_prepostprocessor_create", m, out);
            return out.get(ValueLayout.ADDRESS, 0);
        } finally {
            model.release();
        }
    }

    /** Describes the tensor the caller will pass: element type, layout (e.g. {@code NHWC}) and colour format. */
    public PrePostProcessor inputTensor(int input, ElementType type, String layout, ColorFormat color) {
        onInputTensorInfo(input, (arena, info) -> {
            api.check("ov_preprocess_input_tensor_info_set_element_type", info, type.code());
            withLayout(arena, layout, l -> api.check("ov_preprocess_input_tensor_info_set_layout", info, l));
            if (color != null) {
                api.check("ov_preprocess_input_tensor_info_set_color_format", info, color.code);
            }
        });
        return this;
    }

    /** Fixes the caller's tensor height and width, so a resize step knows its source size. */
    public PrePostProcessor inputSpatialStaticShape(int input, long height, long width) {
        onInputTensorInfo(input, (arena, info) ->
                api.check("ov_preprocess_input_tensor_info_set_spatial_static_shape", info, height, width));
        return this;
    }

    /** Resizes to the model's spatial size. */
    public PrePostProcessor inputResize(int input, ResizeAlgorithm algorithm) {
        onSteps(input, (arena, steps) -> api.check("ov_preprocess_preprocess_steps_resize", steps, algorithm.code));
        return this;
    }

    public PrePostProcessor inputConvertElementType(int input, ElementType type) {
        onSteps(input, (arena, steps) -> api.check("ov_preprocess_preprocess_steps_convert_element_type", steps, type.code()));
        return this;
    }

    public PrePostProcessor inputConvertColor(int input, ColorFormat color) {
        onSteps(input, (arena, steps) -> api.check("ov_preprocess_preprocess_steps_convert_color", steps, color.code));
        return this;
    }

    /** Subtracts a value, or one value per channel. */
    public PrePostProcessor inputMean(int input, float... values) {
        onSteps(input, (arena, steps) -> api.check("ov_preprocess_preprocess_steps_mean_multi_channels", steps,
                arena.allocateFrom(ValueLayout.JAVA_FLOAT, values), values.length));
        return this;
    }

    /** Divides by a value, or one value per channel. */
    public PrePostProcessor inputScale(int input, float... values) {
        onSteps(input, (arena, steps) -> api.check("ov_preprocess_preprocess_steps_scale_multi_channels", steps,
                arena.allocateFrom(ValueLayout.JAVA_FLOAT, values), values.length));
        return this;
    }

    /** Converts the layout (e.g. to {@code NCHW}) as a step. */
    public PrePostProcessor inputConvertLayout(int input, String layout) {
        onSteps(input, (arena, steps) -> withLayout(arena, layout,
                l -> api.check("ov_preprocess_preprocess_steps_convert_layout", steps, l)));
        return this;
    }

    /** Tells the runtime the model's own input layout (e.g. {@code NCHW}), so it inserts the transpose. */
    public PrePostProcessor inputModelLayout(int input, String layout) {
        onInputInfo(input, (arena, info) -> onChild(arena, info, "ov_preprocess_input_info_get_model_info",
                "ov_preprocess_input_model_info_free",
                (a, modelInfo) -> withLayout(a, layout, l -> api.check("ov_preprocess_input_model_info_set_layout", modelInfo, l))));
        return this;
    }

    /** Converts an output to the given element type in the graph. */
    public PrePostProcessor outputElementType(int output, ElementType type) {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_preprocess_prepostprocessor_get_output_info_by_index", self, (long) output, out);
            MemorySegment info = out.get(ValueLayout.ADDRESS, 0);
            try {
                onChild(arena, info, "ov_preprocess_output_info_get_tensor_info", "ov_preprocess_output_tensor_info_free",
                        (a, tensorInfo) -> api.check("ov_preprocess_output_set_element_type", tensorInfo, type.code()));
            } finally {
                api.call("ov_preprocess_output_info_free", info);
            }
        } finally {
            release();
        }
        return this;
    }

    /** Builds the converted model; the caller owns and closes it. */
    public Model build() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_preprocess_prepostprocessor_build", self, out);
            return new Model(api, out.get(ValueLayout.ADDRESS, 0), model.weightsRetained());
        } finally {
            release();
        }
    }

    private interface Step {
        void apply(Arena arena, MemorySegment handle);
    }

    private interface LayoutUse {
        void apply(MemorySegment layout);
    }

    private void withLayout(Arena arena, String layout, LayoutUse use) {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        api.check("ov_layout_create", arena.allocateFrom(layout), out);
        MemorySegment l = out.get(ValueLayout.ADDRESS, 0);
        try {
            use.apply(l);
        } finally {
            api.call("ov_layout_free", l);
        }
    }

    private void onInputInfo(int input, Step step) {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_preprocess_prepostprocessor_get_input_info_by_index", self, (long) input, out);
            MemorySegment info = out.get(ValueLayout.ADDRESS, 0);
            try {
                step.apply(arena, info);
            } finally {
                api.call("ov_preprocess_input_info_free", info);
            }
        } finally {
            release();
        }
    }

    private void onInputTensorInfo(int input, Step step) {
        onInputInfo(input, (arena, info) -> onChild(arena, info, "ov_preprocess_input_info_get_tensor_info",
                "ov_preprocess_input_tensor_info_free", step));
    }

    private void onSteps(int input, Step step) {
        onInputInfo(input, (arena, info) -> onChild(arena, info, "ov_preprocess_input_info_get_preprocess_steps",
                "ov_preprocess_preprocess_steps_free", step));
    }

    /** Gets a sub-object of {@code parent} with {@code getter}, applies {@code step} to it, and frees it. */
    private void onChild(Arena arena, MemorySegment parent, String getter, String free, Step step) {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        api.check(getter, parent, out);
        MemorySegment child = out.get(ValueLayout.ADDRESS, 0);
        try {
            step.apply(arena, child);
        } finally {
            api.call(free, child);
        }
    }

    @Override
    String freeFunction() {
        return "ov_preprocess_prepostprocessor_free";
    }
}
