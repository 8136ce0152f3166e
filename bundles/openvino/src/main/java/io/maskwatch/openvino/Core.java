package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point: reads models, compiles them for a device and answers device queries.
 * Thread-safe; share one per process.
 */
public final class Core extends NativeHandle {

    private Core(Native api, MemorySegment address) {
        super(api, address, "Core");
    }

    /** Loads the runtime (see {@link RuntimeFinder}) on first use and creates a core. */
    public static Core create() {
        Native api = Native.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_core_create", out);
            return new Core(api, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    /** The runtime's version, loading the runtime if needed. */
    public static Version version() {
        Native api = Native.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(Native.VERSION);
            api.check("ov_get_openvino_version", v);
            try {
                return new Version(Native.string(v.get(ValueLayout.ADDRESS, 0)), Native.string(v.get(ValueLayout.ADDRESS, 8)));
            } finally {
                api.call("ov_version_free", v);
            }
        }
    }

    /** The library file in use, loading the runtime if needed. */
    public static Path library() {
        return Native.get().library();
    }

    public List<String> availableDevices() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment devices = arena.allocate(Native.DEVICES);
            api.check("ov_core_get_available_devices", self, devices);
            try {
                long n = devices.get(ValueLayout.JAVA_LONG, 8);
                MemorySegment names = devices.get(ValueLayout.ADDRESS, 0).reinterpret(n * ValueLayout.ADDRESS.byteSize());
                List<String> out = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    out.add(Native.string(names.getAtIndex(ValueLayout.ADDRESS, i)));
                }
                return List.copyOf(out);
            } finally {
                api.call("ov_available_devices_free", devices);
            }
        } finally {
            release();
        }
    }

    /** A device property as text, e.g. {@code FULL_DEVICE_NAME} of {@code CPU}. */
    public String property(String device, String key) {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_core_get_property", self, arena.allocateFrom(device), arena.allocateFrom(key), out);
            return api.takeString(out.get(ValueLayout.ADDRESS, 0));
        } finally {
            release();
        }
    }

    /** Reads an IR ({@code .xml} with its {@code .bin} beside it), ONNX or TFLite file. */
    public Model readModel(Path model) {
        return readModel(model, null);
    }

    /** Reads a model whose weights file is given explicitly ({@code null}: found by the reader). */
    public Model readModel(Path model, Path weights) {
        if (!Files.isRegularFile(model)) {
            throw new OpenVinoException("model file not found: " + model);
        }
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_core_read_model", self, arena.allocateFrom(model.toString()),
                    weights == null ? MemorySegment.NULL : arena.allocateFrom(weights.toString()), out);
            return new Model(api, out.get(ValueLayout.ADDRESS, 0), null);
        } finally {
            release();
        }
    }

    /**
     * Reads a model from memory: IR XML text with its weight bytes, or (with empty weights) an
     * ONNX or TFLite file's bytes. The bytes are copied into memory that the returned model and
     * everything compiled from it keep alive, so the caller may reuse its arrays at once.
     */
    public Model readModel(byte[] model, byte[] weights) {
        MemorySegment self = acquire();
        Weights held = null;
        try (Arena arena = Arena.ofConfined()) {
            if (weights != null && weights.length > 0) {
                Tensor t = Tensor.allocate(ElementType.U8, weights.length);
                MemorySegment.copy(weights, 0, t.data(), ValueLayout.JAVA_BYTE, 0, weights.length);
                held = new Weights(t);
            }
            MemorySegment text = arena.allocate(model.length + 1L);
            MemorySegment.copy(model, 0, text, ValueLayout.JAVA_BYTE, 0, model.length);
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment weightsTensor = MemorySegment.NULL;
            if (held != null) {
                weightsTensor = held.tensor().acquire();
            }
            try {
                api.check("ov_core_read_model_from_memory_buffer", self, text, (long) model.length, weightsTensor, out);
            } finally {
                if (held != null) {
                    held.tensor().release();
                }
            }
            Model m = new Model(api, out.get(ValueLayout.ADDRESS, 0), held);
            held = null;
            return m;
        } finally {
            if (held != null) {
                held.release();
            }
            release();
        }
    }

    /** Compiles for a device ({@code CPU}, {@code GPU}, {@code NPU}, {@code AUTO}, ...) with no properties. */
    public CompiledModel compile(Model model, String device) {
        return compile(model, device, Map.of());
    }

    /**
     * Compiles for a device with properties such as {@code PERFORMANCE_HINT=LATENCY},
     * {@code NUM_STREAMS}, {@code INFERENCE_NUM_THREADS} or {@code CACHE_DIR}.
     *
     * @throws OpenVinoException for an unknown device or property, naming the available devices
     */
    public CompiledModel compile(Model model, String device, Map<String, String> properties) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device name is empty; use CPU, GPU, NPU or AUTO");
        }
        Map<String, String> props = new LinkedHashMap<>(properties);
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = model.acquire();
            try {
                MemorySegment[] args = new MemorySegment[props.size() * 2];
                int i = 0;
                for (Map.Entry<String, String> e : props.entrySet()) {
                    args[i++] = arena.allocateFrom(e.getKey());
                    args[i++] = arena.allocateFrom(e.getValue());
                }
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                try {
                    api.compile(self, m, arena.allocateFrom(device), out, args);
                } catch (OpenVinoException e) {
                    throw new OpenVinoException("cannot compile model for device '" + device + "' (available: "
                            + String.join(", ", availableDevices()) + "): " + e.getMessage());
                }
                return new CompiledModel(api, out.get(ValueLayout.ADDRESS, 0), model.weightsRetained());
            } finally {
                model.release();
            }
        } finally {
            release();
        }
    }

    @Override
    String freeFunction() {
        return "ov_core_free";
    }
}
