package io.maskwatch.openvino;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny models written by the tests themselves, as OpenVINO IR v11 text plus weight bytes, so the
 * expected outputs can be computed in Java.
 */
final class TestModels {

    private TestModels() {
    }

    /** {@code y = relu(x · W + b)} for x of shape [batch, in], W [in, out], b [out]. */
    record Dense(String xml, byte[] weights, float[][] w, float[] b) {

        float[] expected(float[] x, int batch) {
            int in = w.length;
            int out = b.length;
            float[] y = new float[batch * out];
            for (int n = 0; n < batch; n++) {
                for (int j = 0; j < out; j++) {
                    float s = b[j];
                    for (int i = 0; i < in; i++) {
                        s += x[n * in + i] * w[i][j];
                    }
                    y[n * out + j] = Math.max(0, s);
                }
            }
            return y;
        }
    }

    static Dense dense(int batch, float[][] w, float[] b) {
        int in = w.length;
        int out = b.length;
        ByteBuffer bytes = ByteBuffer.allocate(4 * (in * out + out)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : w) {
            for (float v : row) {
                bytes.putFloat(v);
            }
        }
        for (float v : b) {
            bytes.putFloat(v);
        }
        String batchDim = batch < 0 ? "-1" : Integer.toString(batch);
        String xml = """
                <?xml version="1.0"?>
                <net name="dense" version="11">
                  <layers>
                    <layer id="0" name="x" type="Parameter" version="opset1">
                      <data shape="%1$s,%2$d" element_type="f32"/>
                      <output><port id="0" precision="FP32" names="x"><dim>%1$s</dim><dim>%2$d</dim></port></output>
                    </layer>
                    <layer id="1" name="w" type="Const" version="opset1">
                      <data element_type="f32" shape="%2$d,%3$d" offset="0" size="%4$d"/>
                      <output><port id="0" precision="FP32"><dim>%2$d</dim><dim>%3$d</dim></port></output>
                    </layer>
                    <layer id="2" name="matmul" type="MatMul" version="opset1">
                      <data transpose_a="false" transpose_b="false"/>
                      <input><port id="0"><dim>%1$s</dim><dim>%2$d</dim></port><port id="1"><dim>%2$d</dim><dim>%3$d</dim></port></input>
                      <output><port id="2" precision="FP32"><dim>%1$s</dim><dim>%3$d</dim></port></output>
                    </layer>
                    <layer id="3" name="b" type="Const" version="opset1">
                      <data element_type="f32" shape="%3$d" offset="%4$d" size="%5$d"/>
                      <output><port id="0" precision="FP32"><dim>%3$d</dim></port></output>
                    </layer>
                    <layer id="4" name="add" type="Add" version="opset1">
                      <data auto_broadcast="numpy"/>
                      <input><port id="0"><dim>%1$s</dim><dim>%3$d</dim></port><port id="1"><dim>%3$d</dim></port></input>
                      <output><port id="2" precision="FP32"><dim>%1$s</dim><dim>%3$d</dim></port></output>
                    </layer>
                    <layer id="5" name="relu" type="Relu" version="opset1">
                      <input><port id="0"><dim>%1$s</dim><dim>%3$d</dim></port></input>
                      <output><port id="1" precision="FP32" names="y"><dim>%1$s</dim><dim>%3$d</dim></port></output>
                    </layer>
                    <layer id="6" name="y/sink" type="Result" version="opset1">
                      <input><port id="0"><dim>%1$s</dim><dim>%3$d</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                    <edge from-layer="2" from-port="2" to-layer="4" to-port="0"/>
                    <edge from-layer="3" from-port="0" to-layer="4" to-port="1"/>
                    <edge from-layer="4" from-port="2" to-layer="5" to-port="0"/>
                    <edge from-layer="5" from-port="1" to-layer="6" to-port="0"/>
                  </edges>
                </net>
                """.formatted(batchDim, in, out, 4 * in * out, 4 * out);
        return new Dense(xml, bytes.array(), w, b);
    }

    /** A 3x3 single-channel convolution with the given kernel, no padding, on [1, 1, h, w]. */
    static String convolution(int h, int w) {
        return """
                <?xml version="1.0"?>
                <net name="conv" version="11">
                  <layers>
                    <layer id="0" name="image" type="Parameter" version="opset1">
                      <data shape="1,1,%1$d,%2$d" element_type="f32"/>
                      <output><port id="0" precision="FP32" names="image"><dim>1</dim><dim>1</dim><dim>%1$d</dim><dim>%2$d</dim></port></output>
                    </layer>
                    <layer id="1" name="kernel" type="Const" version="opset1">
                      <data element_type="f32" shape="1,1,3,3" offset="0" size="36"/>
                      <output><port id="0" precision="FP32"><dim>1</dim><dim>1</dim><dim>3</dim><dim>3</dim></port></output>
                    </layer>
                    <layer id="2" name="conv" type="Convolution" version="opset1">
                      <data strides="1,1" dilations="1,1" pads_begin="0,0" pads_end="0,0" auto_pad="explicit"/>
                      <input><port id="0"><dim>1</dim><dim>1</dim><dim>%1$d</dim><dim>%2$d</dim></port><port id="1"><dim>1</dim><dim>1</dim><dim>3</dim><dim>3</dim></port></input>
                      <output><port id="2" precision="FP32" names="features"><dim>1</dim><dim>1</dim><dim>%3$d</dim><dim>%4$d</dim></port></output>
                    </layer>
                    <layer id="3" name="features/sink" type="Result" version="opset1">
                      <input><port id="0"><dim>1</dim><dim>1</dim><dim>%3$d</dim><dim>%4$d</dim></port></input>
                    </layer>
                  </layers>
                  <edges>
                    <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                    <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                    <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
                  </edges>
                </net>
                """.formatted(h, w, h - 2, w - 2);
    }

    /** An identity on an f32 [1, 3, h, w] NCHW image, to observe what pre-processing produced. */
    static String identityImage(int h, int w) {
        return """
                <?xml version="1.0"?>
                <net name="image" version="11">
                  <layers>
                    <layer id="0" name="pixels" type="Parameter" version="opset1">
                      <data shape="1,3,%1$d,%2$d" element_type="f32"/>
                      <output><port id="0" precision="FP32" names="pixels"><dim>1</dim><dim>3</dim><dim>%1$d</dim><dim>%2$d</dim></port></output>
                    </layer>
                    <layer id="1" name="pixels/sink" type="Result" version="opset1">
                      <input><port id="0"><dim>1</dim><dim>3</dim><dim>%1$d</dim><dim>%2$d</dim></port></input>
                    </layer>
                  </layers>
                  <edges><edge from-layer="0" from-port="0" to-layer="1" to-port="0"/></edges>
                </net>
                """.formatted(h, w);
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The BlazeFace TFLite model that bin/maskwatch setup fetches; a clear failure when it is absent. */
    static Path blazeFace() {
        Path home = Path.of(System.getProperty("maskwatch.home", "."));
        Path file = home.resolve("models/third-party/face_detection_short_range.tflite");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("test model " + file + " is missing: run bin/maskwatch setup (bin/test does it)");
        }
        return file;
    }
}
