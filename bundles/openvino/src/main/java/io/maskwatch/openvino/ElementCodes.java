package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The loaded runtime's {@code ov_element_type_e} codes, learned by reading a model with one
 * Parameter per {@link ElementType} and asking each port for its type. Passing a wrong code would
 * make OpenVINO read a buffer as a wider type than it is, so no code is ever guessed.
 */
final class ElementCodes {

    private final Map<ElementType, Integer> codes = new EnumMap<>(ElementType.class);
    private final Map<Integer, ElementType> types = new HashMap<>();

    private ElementCodes() {
    }

    int codeOf(ElementType type) {
        Integer code = codes.get(type);
        if (code == null) {
            throw new IllegalArgumentException("element type " + type + " cannot be passed to OpenVINO");
        }
        return code;
    }

    ElementType typeOf(int code) {
        return types.getOrDefault(code, ElementType.OTHER);
    }

    static ElementCodes probe(Native api) {
        ElementCodes out = new ElementCodes();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_core_create", p);
            MemorySegment core = p.get(ValueLayout.ADDRESS, 0);
            try {
                byte[] xml = probeModel().getBytes(StandardCharsets.UTF_8);
                MemorySegment text = arena.allocateFrom(ValueLayout.JAVA_BYTE, xml);
                api.check("ov_core_read_model_from_memory_buffer", core, text, (long) xml.length, MemorySegment.NULL, p);
                MemorySegment model = p.get(ValueLayout.ADDRESS, 0);
                try {
                    ElementType[] all = probed();
                    for (int i = 0; i < all.length; i++) {
                        api.check("ov_model_const_input_by_index", model, (long) i, p);
                        MemorySegment port = p.get(ValueLayout.ADDRESS, 0);
                        try {
                            MemorySegment code = arena.allocate(ValueLayout.JAVA_INT);
                            api.check("ov_port_get_element_type", port, code);
                            out.codes.put(all[i], code.get(ValueLayout.JAVA_INT, 0));
                            out.types.put(code.get(ValueLayout.JAVA_INT, 0), all[i]);
                        } finally {
                            api.call("ov_output_const_port_free", port);
                        }
                    }
                } finally {
                    api.call("ov_model_free", model);
                }
            } finally {
                api.call("ov_core_free", core);
            }
        }
        return out;
    }

    private static ElementType[] probed() {
        return java.util.Arrays.stream(ElementType.values()).filter(t -> t != ElementType.OTHER).toArray(ElementType[]::new);
    }

    private static String probeModel() {
        StringBuilder layers = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        ElementType[] all = probed();
        for (int i = 0; i < all.length; i++) {
            ElementType t = all[i];
            layers.append("<layer id=\"").append(2 * i).append("\" name=\"").append(t.irName())
                    .append("\" type=\"Parameter\" version=\"opset1\"><data shape=\"1\" element_type=\"").append(t.irName())
                    .append("\"/><output><port id=\"0\" precision=\"").append(t.irPrecision()).append("\" names=\"")
                    .append(t.irName()).append("\"><dim>1</dim></port></output></layer>");
            layers.append("<layer id=\"").append(2 * i + 1).append("\" name=\"out_").append(t.irName())
                    .append("\" type=\"Result\" version=\"opset1\"><input><port id=\"0\"><dim>1</dim></port></input></layer>");
            edges.append("<edge from-layer=\"").append(2 * i).append("\" from-port=\"0\" to-layer=\"").append(2 * i + 1)
                    .append("\" to-port=\"0\"/>");
        }
        return "<?xml version=\"1.0\"?><net name=\"element_types\" version=\"11\"><layers>" + layers
                + "</layers><edges>" + edges + "</edges></net>";
    }
}
