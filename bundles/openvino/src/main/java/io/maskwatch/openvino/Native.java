package io.maskwatch.openvino;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.util.Map.entry;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that knows the C signatures. Every status-returning call goes through
 * {@link #check}, which turns a failure into an {@link OpenVinoException} carrying the status
 * and {@code ov_get_last_err_msg()}.
 */
final class Native {

    static final StructLayout DIMENSION = MemoryLayout.structLayout(JAVA_LONG.withName("min"), JAVA_LONG.withName("max"));
    static final StructLayout PARTIAL_SHAPE = MemoryLayout.structLayout(DIMENSION.withName("rank"), ADDRESS.withName("dims"));
    static final StructLayout SHAPE = MemoryLayout.structLayout(JAVA_LONG.withName("rank"), ADDRESS.withName("dims"));
    static final StructLayout CALLBACK = MemoryLayout.structLayout(ADDRESS.withName("func"), ADDRESS.withName("args"));
    static final StructLayout VERSION = MemoryLayout.structLayout(ADDRESS.withName("build"), ADDRESS.withName("description"));
    static final StructLayout DEVICES = MemoryLayout.structLayout(ADDRESS.withName("devices"), JAVA_LONG.withName("size"));

    private static final MemoryLayout P = ADDRESS;
    private static final MemoryLayout SIZE = JAVA_LONG;
    private static final MemoryLayout ENUM = JAVA_INT;

    private static FunctionDescriptor status(MemoryLayout... args) {
        return FunctionDescriptor.of(JAVA_INT, args);
    }

    private static FunctionDescriptor none(MemoryLayout... args) {
        return FunctionDescriptor.ofVoid(args);
    }

    private static final Map<String, FunctionDescriptor> SIGNATURES = Map.ofEntries(
            entry("ov_get_openvino_version", status(P)),
            entry("ov_version_free", none(P)),
            entry("ov_get_last_err_msg", FunctionDescriptor.of(P)),
            entry("ov_free", none(P)),
            entry("ov_core_create", status(P)),
            entry("ov_core_free", none(P)),
            entry("ov_core_read_model", status(P, P, P, P)),
            entry("ov_core_read_model_from_memory_buffer", status(P, P, SIZE, P, P)),
            entry("ov_core_get_available_devices", status(P, P)),
            entry("ov_available_devices_free", none(P)),
            entry("ov_core_get_property", status(P, P, P, P)),
            entry("ov_model_free", none(P)),
            entry("ov_model_inputs_size", status(P, P)),
            entry("ov_model_outputs_size", status(P, P)),
            entry("ov_model_const_input_by_index", status(P, SIZE, P)),
            entry("ov_model_const_output_by_index", status(P, SIZE, P)),
            entry("ov_model_get_friendly_name", status(P, P)),
            entry("ov_model_is_dynamic", FunctionDescriptor.of(JAVA_BOOLEAN, P)),
            entry("ov_model_reshape_by_port_indexes", status(P, P, P, SIZE)),
            entry("ov_port_get_any_name", status(P, P)),
            entry("ov_port_get_partial_shape", status(P, P)),
            entry("ov_port_get_element_type", status(P, P)),
            entry("ov_output_const_port_free", none(P)),
            entry("ov_partial_shape_free", none(P)),
            entry("ov_compiled_model_create_infer_request", status(P, P)),
            entry("ov_compiled_model_get_property", status(P, P, P)),
            entry("ov_compiled_model_inputs_size", status(P, P)),
            entry("ov_compiled_model_outputs_size", status(P, P)),
            entry("ov_compiled_model_input_by_index", status(P, SIZE, P)),
            entry("ov_compiled_model_output_by_index", status(P, SIZE, P)),
            entry("ov_compiled_model_free", none(P)),
            entry("ov_infer_request_set_input_tensor_by_index", status(P, SIZE, P)),
            entry("ov_infer_request_set_output_tensor_by_index", status(P, SIZE, P)),
            entry("ov_infer_request_set_tensor", status(P, P, P)),
            entry("ov_infer_request_get_input_tensor_by_index", status(P, SIZE, P)),
            entry("ov_infer_request_get_output_tensor_by_index", status(P, SIZE, P)),
            entry("ov_infer_request_get_tensor", status(P, P, P)),
            entry("ov_infer_request_infer", status(P)),
            entry("ov_infer_request_start_async", status(P)),
            entry("ov_infer_request_wait", status(P)),
            entry("ov_infer_request_wait_for", status(P, JAVA_LONG)),
            entry("ov_infer_request_cancel", status(P)),
            entry("ov_infer_request_set_callback", status(P, P)),
            entry("ov_infer_request_free", none(P)),
            entry("ov_tensor_create", status(ENUM, SHAPE, P)),
            entry("ov_tensor_create_from_host_ptr", status(ENUM, SHAPE, P, P)),
            entry("ov_tensor_get_shape", status(P, P)),
            entry("ov_shape_free", status(P)),
            entry("ov_tensor_get_element_type", status(P, P)),
            entry("ov_tensor_get_byte_size", status(P, P)),
            entry("ov_tensor_data", status(P, P)),
            entry("ov_tensor_free", none(P)),
            entry("ov_layout_create", status(P, P)),
            entry("ov_layout_free", none(P)),
            entry("ov_preprocess_prepostprocessor_create", status(P, P)),
            entry("ov_preprocess_prepostprocessor_free", none(P)),
            entry("ov_preprocess_prepostprocessor_get_input_info_by_index", status(P, SIZE, P)),
            entry("ov_preprocess_input_info_free", none(P)),
            entry("ov_preprocess_input_info_get_tensor_info", status(P, P)),
            entry("ov_preprocess_input_tensor_info_free", none(P)),
            entry("ov_preprocess_input_tensor_info_set_element_type", status(P, ENUM)),
            entry("ov_preprocess_input_tensor_info_set_color_format", status(P, ENUM)),
            entry("ov_preprocess_input_tensor_info_set_spatial_static_shape", status(P, SIZE, SIZE)),
            entry("ov_preprocess_input_tensor_info_set_layout", status(P, P)),
            entry("ov_preprocess_input_info_get_preprocess_steps", status(P, P)),
            entry("ov_preprocess_preprocess_steps_free", none(P)),
            entry("ov_preprocess_preprocess_steps_resize", status(P, ENUM)),
            entry("ov_preprocess_preprocess_steps_mean_multi_channels", status(P, P, JAVA_INT)),
            entry("ov_preprocess_preprocess_steps_scale_multi_channels", status(P, P, JAVA_INT)),
            entry("ov_preprocess_preprocess_steps_convert_element_type", status(P, ENUM)),
            entry("ov_preprocess_preprocess_steps_convert_color", status(P, ENUM)),
            entry("ov_preprocess_preprocess_steps_convert_layout", status(P, P)),
            entry("ov_preprocess_input_info_get_model_info", status(P, P)),
            entry("ov_preprocess_input_model_info_free", none(P)),
            entry("ov_preprocess_input_model_info_set_layout", status(P, P)),
            entry("ov_preprocess_prepostprocessor_get_output_info_by_index", status(P, SIZE, P)),
            entry("ov_preprocess_output_info_free", none(P)),
            entry("ov_preprocess_output_info_get_tensor_info", status(P, P)),
            entry("ov_preprocess_output_tensor_info_free", none(P)),
            entry("ov_preprocess_output_set_element_type", status(P, ENUM)),
            entry("ov_preprocess_prepostprocessor_build", status(P, P)));

    private static final Object LOCK = new Object();
    private static volatile Native instance;

    private final Path library;
    private final SymbolLookup symbols;
    private final Linker linker = Linker.nativeLinker();
    private final Map<String, MethodHandle> handles = new ConcurrentHashMap<>();
    private final Map<Integer, MethodHandle> compileHandles = new ConcurrentHashMap<>();

    private final ElementCodes elementCodes;

    private Native(Path library) {
        this.library = library;
        // The global arena keeps the library loaded for the life of the JVM: handles freed
        // late (by a component's deactivate during shutdown) still find their symbols.
        this.symbols = SymbolLookup.libraryLookup(library, Arena.global());
        this.elementCodes = ElementCodes.probe(this);
    }

    ElementCodes elementCodes() {
        return elementCodes;
    }

    /** Loads the runtime on first use. A failure is not cached, so a later install is picked up. */
    static Native get() {
        Native n = instance;
        if (n == null) {
            synchronized (LOCK) {
                n = instance;
                if (n == null) {
                    Path lib = RuntimeFinder.find();
                    try {
                        n = new Native(lib);
                    } catch (IllegalArgumentException e) {
                        throw new OpenVinoException("cannot load the OpenVINO C library " + lib + ": " + e.getMessage()
                                + "; reinstall it with bin/maskwatch setup");
                    }
                    instance = n;
                }
            }
        }
        return n;
    }

    Path library() {
        return library;
    }

    private MethodHandle handle(String name) {
        return handles.computeIfAbsent(name, k -> {
            FunctionDescriptor d = SIGNATURES.get(k);
            if (d == null) {
                throw new IllegalStateException("no signature for " + k);
            }
            MemorySegment address = symbols.find(k).orElseThrow(() -> new OpenVinoException(
                    "the OpenVINO C library " + library + " has no function " + k + "; install OpenVINO 2024.2 or later"));
            return linker.downcallHandle(address, d);
        });
    }

    /** Calls a status-returning function and throws when the status is not OK. */
    void check(String function, Object... args) {
        int status = (int) invoke(handle(function), args);
        if (status != 0) {
            throw failure(function, status);
        }
    }

    /** Calls a function and returns its raw result (a status, a pointer or a boolean). */
    Object call(String function, Object... args) {
        return invoke(handle(function), args);
    }

    OpenVinoException failure(String function, int status) {
        return new OpenVinoException(function, status, lastErrorMessage());
    }

    private String lastErrorMessage() {
        MemorySegment msg = (MemorySegment) invoke(handle("ov_get_last_err_msg"));
        return string(msg);
    }

    /**
     * {@code ov_core_compile_model} is variadic: one downcall handle per number of property
     * strings, cached.
     */
    void compile(MemorySegment core, MemorySegment model, MemorySegment device, MemorySegment out, MemorySegment[] properties) {
        MethodHandle h = compileHandles.computeIfAbsent(properties.length, n -> {
            MemoryLayout[] layouts = new MemoryLayout[5 + n];
            Arrays.fill(layouts, P);
            layouts[3] = SIZE;
            MemorySegment address = symbols.find("ov_core_compile_model").orElseThrow();
            return linker.downcallHandle(address, FunctionDescriptor.of(JAVA_INT, layouts), Linker.Option.firstVariadicArg(5));
        });
        Object[] args = new Object[5 + properties.length];
        args[0] = core;
        args[1] = model;
        args[2] = device;
        args[3] = (long) properties.length;
        args[4] = out;
        System.arraycopy(properties, 0, args, 5, properties.length);
        int status = (int) invoke(h, args);
        if (status != 0) {
            throw failure("ov_core_compile_model", status);
        }
    }

    /** An upcall stub for {@code void callback(void* args)}, living as long as {@code arena}. */
    MemorySegment callbackStub(MethodHandle target, Arena arena) {
        return linker.upcallStub(target, FunctionDescriptor.ofVoid(P), arena);
    }

    private static Object invoke(MethodHandle h, Object... args) {
        try {
            return h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads a NUL-terminated UTF-8 string; {@code null} for a NULL pointer. */
    static String string(MemorySegment cString) {
        if (cString == null || cString.equals(MemorySegment.NULL)) {
            return null;
        }
        return cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Reads and frees a string that OpenVINO allocated for the caller. */
    String takeString(MemorySegment cString) {
        try {
            return string(cString);
        } finally {
            if (!cString.equals(MemorySegment.NULL)) {
                call("ov_free", cString);
            }
        }
    }
}
