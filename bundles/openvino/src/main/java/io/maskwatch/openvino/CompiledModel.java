package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** A model compiled for a device. Thread-safe: create one infer request per concurrent user. */
public final class CompiledModel extends NativeHandle {

    private final Weights weights;

    CompiledModel(Native api, MemorySegment address, Weights weights) {
        super(api, address, "CompiledModel");
        this.weights = weights;
    }

    public InferRequest createInferRequest() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_compiled_model_create_infer_request", self, out);
            return new InferRequest(api, out.get(ValueLayout.ADDRESS, 0));
        } finally {
            release();
        }
    }

    /** A compiled-model property as text, e.g. {@code NUM_STREAMS}. */
    public String property(String key) {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_compiled_model_get_property", self, arena.allocateFrom(key), out);
            return api.takeString(out.get(ValueLayout.ADDRESS, 0));
        } finally {
            release();
        }
    }

    /** How many infer requests keep the device busy, as the device reports it. */
    public int optimalNumberOfInferRequests() {
        return Integer.parseInt(property("OPTIMAL_NUMBER_OF_INFER_REQUESTS").strip());
    }

    public List<Port> inputs() {
        MemorySegment self = acquire();
        try {
            return Model.readPorts(api, self, "ov_compiled_model_inputs_size", "ov_compiled_model_input_by_index");
        } finally {
            release();
        }
    }

    public List<Port> outputs() {
        MemorySegment self = acquire();
        try {
            return Model.readPorts(api, self, "ov_compiled_model_outputs_size", "ov_compiled_model_output_by_index");
        } finally {
            release();
        }
    }

    @Override
    String freeFunction() {
        return "ov_compiled_model_free";
    }

    @Override
    void afterFree() {
        if (weights != null) {
            weights.release();
        }
    }
}
