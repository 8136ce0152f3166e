package io.maskwatch.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a trained {@link MobileNetV2} as OpenVINO IR v11 ({@code .xml} + {@code .bin}) without
 * any converter: batch norm is folded into each convolution's weights plus a bias Add, ReLU6 is a
 * Clamp, the head is ReduceMean + MatMul + Add + Softmax. The input is f32 NCHW RGB with a
 * dynamic batch, in the value range the trainer feeds; the output is the class probabilities.
 */
public final class IrExporter {

    public static final String INPUT_NAME = "input";
    public static final String OUTPUT_NAME = "probs";

    private final StringBuilder layers = new StringBuilder();
    private final List<String> edges = new ArrayList<>();
    private final ByteArrayOutputStream weights = new ByteArrayOutputStream();
    private int nextId;

    /** An output port of a layer, with its dims (-1 for the dynamic batch). */
    private record Port(int layer, int port, long[] dims, String precision) {
    }

    private IrExporter() {
    }

    public static void export(MobileNetV2 net, int inputSize, Path xml, Path bin) throws IOException {
        IrExporter ir = new IrExporter();
        String doc = ir.build(net, inputSize);
        Files.writeString(xml, doc, StandardCharsets.UTF_8);
        Files.write(bin, ir.weights.toByteArray());
    }

    private String build(MobileNetV2 net, int size) {
        Port x = parameter(new long[] {-1, 3, size, size});
        for (MobileNetV2.Unit u : net.units()) {
            Port in = x;
            for (MobileNetV2.ConvBn c : u.convs()) {
                x = convBn(x, c);
            }
            if (u.residual()) {
                x = op("Add", "opset1", "auto_broadcast=\"numpy\"", x.dims(), in, x);
            }
        }
        Port axes = constI64(new long[] {2, 3});
        x = op("ReduceMean", "opset1", "keep_dims=\"false\"", new long[] {-1, net.features()}, x, axes);
        float[] w = array(net.classifier().getParameters().get("weight").getArray());
        float[] b = array(net.classifier().getParameters().get("bias").getArray());
        Port wc = constF32(w, new long[] {net.classes(), net.features()});
        x = op("MatMul", "opset1", "transpose_a=\"false\" transpose_b=\"true\"", new long[] {-1, net.classes()}, x, wc);
        x = op("Add", "opset1", "auto_broadcast=\"numpy\"", x.dims(), x, constF32(b, new long[] {1, net.classes()}));
        x = op("Softmax", "opset8", "axis=\"1\"", x.dims(), OUTPUT_NAME, x);
        result(x);
        return "<?xml version=\"1.0\"?>\n<net name=\"maskwatch-mobilenetv2\" version=\"11\">\n\t<layers>\n" + layers
                + "\t</layers>\n\t<edges>\n" + String.join("", edges) + "\t</edges>\n</net>\n";
    }

    private Port convBn(Port x, MobileNetV2.ConvBn c) {
        float[] w = array(param(c.conv(), "weight"));
        float[] gamma = array(param(c.bn(), "gamma"));
        float[] beta = array(param(c.bn(), "beta"));
        float[] mean = array(param(c.bn(), "runningMean"));
        float[] var = array(param(c.bn(), "runningVar"));
        int perOut = w.length / c.out();
        float[] bias = new float[c.out()];
        for (int o = 0; o < c.out(); o++) {
            // Double precision so that folding adds no error of its own to the parity budget.
            double k = gamma[o] / Math.sqrt((double) var[o] + MobileNetV2.BN_EPSILON);
            for (int i = 0; i < perOut; i++) {
                w[o * perOut + i] = (float) (w[o * perOut + i] * k);
            }
            bias[o] = (float) (beta[o] - mean[o] * k);
        }
        long h = (x.dims()[2] + 2L * (c.kernel() / 2) - c.kernel()) / c.stride() + 1;
        long wd = (x.dims()[3] + 2L * (c.kernel() / 2) - c.kernel()) / c.stride() + 1;
        long[] outDims = {-1, c.out(), h, wd};
        int p = c.kernel() / 2;
        String attrs = String.format(Locale.ROOT,
                "strides=\"%d,%d\" dilations=\"1,1\" pads_begin=\"%d,%d\" pads_end=\"%d,%d\" auto_pad=\"explicit\"",
                c.stride(), c.stride(), p, p, p, p);
        Port y;
        if (c.groups() == 1) {
            Port wc = constF32(w, new long[] {c.out(), c.in(), c.kernel(), c.kernel()});
            y = op("Convolution", "opset1", attrs, outDims, x, wc);
        } else {
            long g = c.groups();
            Port wc = constF32(w, new long[] {g, c.out() / g, c.in() / g, c.kernel(), c.kernel()});
            y = op("GroupConvolution", "opset1", attrs, outDims, x, wc);
        }
        y = op("Add", "opset1", "auto_broadcast=\"numpy\"", outDims, y, constF32(bias, new long[] {1, c.out(), 1, 1}));
        if (!c.linear()) {
            y = op("Clamp", "opset1", "min=\"0\" max=\"6\"", outDims, y);
        }
        return y;
    }

    private static NDArray param(Block b, String name) {
        return b.getParameters().get(name).getArray();
    }

    private static float[] array(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }

    private Port parameter(long[] dims) {
        int id = nextId++;
        layers.append(String.format(Locale.ROOT,
                "\t\t<layer id=\"%d\" name=\"%s\" type=\"Parameter\" version=\"opset1\">\n"
                        + "\t\t\t<data shape=\"%s\" element_type=\"f32\"/>\n"
                        + "\t\t\t<output>\n\t\t\t\t<port id=\"0\" precision=\"FP32\" names=\"%s\">%s</port>\n\t\t\t</output>\n\t\t</layer>\n",
                id, INPUT_NAME, shapeAttr(dims), INPUT_NAME, dimsXml(dims)));
        return new Port(id, 0, dims, "FP32");
    }

    private Port constF32(float[] data, long[] dims) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return constant("f32", "FP32", buf.array(), dims);
    }

    private Port constI64(long[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return constant("i64", "I64", buf.array(), new long[] {data.length});
    }

    private Port constant(String type, String precision, byte[] bytes, long[] dims) {
        int id = nextId++;
        long offset = weights.size();
        weights.writeBytes(bytes);
        layers.append(String.format(Locale.ROOT,
                "\t\t<layer id=\"%d\" name=\"const_%d\" type=\"Const\" version=\"opset1\">\n"
                        + "\t\t\t<data element_type=\"%s\" shape=\"%s\" offset=\"%d\" size=\"%d\"/>\n"
                        + "\t\t\t<output>\n\t\t\t\t<port id=\"0\" precision=\"%s\">%s</port>\n\t\t\t</output>\n\t\t</layer>\n",
                id, id, type, shapeAttr(dims), offset, bytes.length, precision, dimsXml(dims)));
        return new Port(id, 0, dims, precision);
    }

    private Port op(String type, String version, String attrs, long[] outDims, Port... inputs) {
        return op(type, version, attrs, outDims, null, inputs);
    }

    private Port op(String type, String version, String attrs, long[] outDims, String outName, Port... inputs) {
        int id = nextId++;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "\t\t<layer id=\"%d\" name=\"%s_%d\" type=\"%s\" version=\"%s\">\n",
                id, type.toLowerCase(Locale.ROOT), id, type, version));
        if (!attrs.isEmpty()) {
            sb.append("\t\t\t<data ").append(attrs).append("/>\n");
        }
        sb.append("\t\t\t<input>\n");
        for (int i = 0; i < inputs.length; i++) {
            sb.append(String.format(Locale.ROOT, "\t\t\t\t<port id=\"%d\" precision=\"%s\">%s</port>\n",
                    i, inputs[i].precision(), dimsXml(inputs[i].dims())));
            edges.add(String.format(Locale.ROOT, "\t\t<edge from-layer=\"%d\" from-port=\"%d\" to-layer=\"%d\" to-port=\"%d\"/>\n",
                    inputs[i].layer(), inputs[i].port(), id, i));
        }
        sb.append("\t\t\t</input>\n\t\t\t<output>\n");
        sb.append(String.format(Locale.ROOT, "\t\t\t\t<port id=\"%d\" precision=\"FP32\"%s>%s</port>\n",
                inputs.length, outName == null ? "" : " names=\"" + outName + "\"", dimsXml(outDims)));
        sb.append("\t\t\t</output>\n\t\t</layer>\n");
        layers.append(sb);
        return new Port(id, inputs.length, outDims, "FP32");
    }

    private void result(Port x) {
        int id = nextId++;
        layers.append(String.format(Locale.ROOT,
                "\t\t<layer id=\"%d\" name=\"%s/sink_port_0\" type=\"Result\" version=\"opset1\">\n"
                        + "\t\t\t<input>\n\t\t\t\t<port id=\"0\" precision=\"FP32\">%s</port>\n\t\t\t</input>\n\t\t</layer>\n",
                id, OUTPUT_NAME, dimsXml(x.dims())));
        edges.add(String.format(Locale.ROOT, "\t\t<edge from-layer=\"%d\" from-port=\"%d\" to-layer=\"%d\" to-port=\"0\"/>\n",
                x.layer(), x.port(), id));
    }

    private static String shapeAttr(long[] dims) {
        return Arrays.stream(dims).mapToObj(d -> d < 0 ? "?" : Long.toString(d)).collect(Collectors.joining(","));
    }

    private static String dimsXml(long[] dims) {
        return Arrays.stream(dims).mapToObj(d -> "<dim>" + d + "</dim>").collect(Collectors.joining());
    }
}
