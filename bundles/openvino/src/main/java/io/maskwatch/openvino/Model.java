package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A model read from a file or memory, before compilation. Used by one thread at a time. */
public final class Model extends NativeHandle {

    private final Weights weights;

    Model(Native api, MemorySegment address, Weights weights) {
        super(api, address, "Model");
        this.weights = weights;
    }

    Weights weightsRetained() {
        return weights == null ? null : weights.retain();
    }

    public List<Port> inputs() {
        return ports("ov_model_inputs_size", "ov_model_const_input_by_index");
    }

    public List<Port> outputs() {
        return ports("ov_model_outputs_size", "ov_model_const_output_by_index");
    }

    public String friendlyName() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_model_get_friendly_name", self, out);
            return api.takeString(out.get(ValueLayout.ADDRESS, 0));
        } finally {
            release();
        }
    }

    public boolean isDynamic() {
        MemorySegment self = acquire();
        try {
            return (boolean) api.call("ov_model_is_dynamic", self);
        } finally {
            release();
        }
    }

    /** Changes input shapes in place, keyed by input index. */
    public void reshape(Map<Integer, PartialShape> shapes) {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            int n = shapes.size();
            MemorySegment indexes = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
            MemorySegment partials = arena.allocate(Native.PARTIAL_SHAPE, Math.max(1, n));
            int i = 0;
            for (Map.Entry<Integer, PartialShape> e : shapes.entrySet()) {
                indexes.setAtIndex(ValueLayout.JAVA_LONG, i, e.getKey());
                MemorySegment.copy(e.getValue().write(arena), 0, partials, Native.PARTIAL_SHAPE.byteSize() * i,
                        Native.PARTIAL_SHAPE.byteSize());
                i++;
            }
            api.check("ov_model_reshape_by_port_indexes", self, indexes, partials, (long) n);
        } finally {
            release();
        }
    }

    /** Changes the shape of input 0 in place. */
    public void reshape(PartialShape shape) {
        reshape(Map.of(0, shape));
    }

    private List<Port> ports(String sizeFunction, String portFunction) {
        MemorySegment self = acquire();
        try {
            return readPorts(api, self, sizeFunction, portFunction);
        } finally {
            release();
        }
    }

    /** Shared by models and compiled models, whose port functions have the same shape. */
    static List<Port> readPorts(Native api, MemorySegment owner, String sizeFunction, String portFunction) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
            api.check(sizeFunction, owner, count);
            List<Port> ports = new ArrayList<>();
            for (long i = 0; i < count.get(ValueLayout.JAVA_LONG, 0); i++) {
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                api.check(portFunction, owner, i, out);
                MemorySegment port = out.get(ValueLayout.ADDRESS, 0);
                try {
                    ports.add(readPort(api, arena, port, (int) i));
                } finally {
                    api.call("ov_output_const_port_free", port);
                }
            }
            return List.copyOf(ports);
        }
    }

    private static Port readPort(Native api, Arena arena, MemorySegment port, int index) {
        MemorySegment name = arena.allocate(ValueLayout.ADDRESS);
        // A port without a tensor name is legal (e.g. a Result added by a graph rewrite).
        int status = (int) api.call("ov_port_get_any_name", port, name);
        String portName = status == 0 ? api.takeString(name.get(ValueLayout.ADDRESS, 0)) : "";
        MemorySegment shape = arena.allocate(Native.PARTIAL_SHAPE);
        api.check("ov_port_get_partial_shape", port, shape);
        PartialShape partial;
        try {
            partial = PartialShape.read(shape);
        } finally {
            api.call("ov_partial_shape_free", shape);
        }
        MemorySegment type = arena.allocate(ValueLayout.JAVA_INT);
        api.check("ov_port_get_element_type", port, type);
        return new Port(index, portName, partial, api.elementCodes().typeOf(type.get(ValueLayout.JAVA_INT, 0)));
    }

    @Override
    String freeFunction() {
        return "ov_model_free";
    }

    @Override
    void afterFree() {
        if (weights != null) {
            weights.release();
        }
    }
}
