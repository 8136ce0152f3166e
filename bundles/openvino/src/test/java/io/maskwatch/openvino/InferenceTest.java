package io.maskwatch.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceTest {

    static Core core;

    static final float[][] W = {{1, -2, 0.5f}, {0, 1, 1}, {2, 0, -1}, {-1, 3, 0.25f}};
    static final float[] B = {0.5f, -1, 2};

    @BeforeAll
    static void open() {
        core = Core.create();
    }

    @AfterAll
    static void close() {
        core.close();
    }

    @Test
    void runtimeReportsVersionAndCpu() {
        Version v = Core.version();
        assertTrue(v.build().startsWith(v.release()), v.toString());
        assertTrue(v.release().matches("\\d{4}\\.\\d+\\.\\d+"), v.release());
        assertTrue(core.availableDevices().contains("CPU"), core.availableDevices().toString());
        assertFalse(core.property("CPU", "FULL_DEVICE_NAME").isBlank());
        assertTrue(Files.isRegularFile(Core.library()));
    }

    @Test
    void denseModelFromMemoryMatchesJava() {
        TestModels.Dense dense = TestModels.dense(2, W, B);
        float[] x = {1, 2, 3, 4, -1, 0.5f, 2, -3};
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor input = Tensor.of(new long[] {2, 4}, x)) {
            assertEquals(List.of(new Port(0, "x", PartialShape.of(2, 4), ElementType.F32)), model.inputs());
            assertEquals(PartialShape.of(2, 3), model.outputs().getFirst().shape());
            assertEquals("y", compiled.outputs().getFirst().name());
            request.setInputTensor(0, input);
            request.infer();
            assertArrayEquals(dense.expected(x, 2), request.outputFloats(0), 1e-5f);
            try (Tensor out = request.outputTensor(0)) {
                assertArrayEquals(new long[] {2, 3}, out.shape());
                assertEquals(ElementType.F32, out.elementType());
                assertEquals(24, out.byteSize());
            }
        }
    }

    @Test
    void irFilesOnDiskAreRead(@TempDir Path dir) throws Exception {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        Path xml = dir.resolve("dense.xml");
        Files.writeString(xml, dense.xml());
        Files.write(dir.resolve("dense.bin"), dense.weights());
        float[] x = {0.5f, -1, 3, 2};
        try (Model model = core.readModel(xml);
             CompiledModel compiled = core.compile(model, "CPU", Map.of("PERFORMANCE_HINT", "LATENCY", "INFERENCE_NUM_THREADS", "1"));
             InferRequest request = compiled.createInferRequest();
             Tensor input = Tensor.of(new long[] {1, 4}, x)) {
            request.setTensor("x", input);
            request.infer();
            assertArrayEquals(dense.expected(x, 1), request.outputFloats(0), 1e-5f);
            assertEquals("1", compiled.property("INFERENCE_NUM_THREADS"));
            assertTrue(compiled.optimalNumberOfInferRequests() >= 1);
        }
    }

    @Test
    void convolutionWithKnownKernel() {
        float[] kernel = {0, 1, 0, 1, -4, 1, 0, 1, 0}; // Laplacian
        int h = 5;
        int w = 6;
        float[] image = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image[y * w + x] = x * x + 3 * y; // Laplacian of x^2 + 3y is 2 everywhere
            }
        }
        try (Model model = core.readModel(TestModels.utf8(TestModels.convolution(h, w)), TestModels.floats(kernel));
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor input = Tensor.of(new long[] {1, 1, h, w}, image)) {
            request.setInputTensor(0, input);
            request.infer();
            float[] out = request.outputFloats(0);
            assertEquals((h - 2) * (w - 2), out.length);
            for (float v : out) {
                assertEquals(2f, v, 1e-4f);
            }
        }
    }

    @Test
    void reshapeToDynamicBatch() {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights())) {
            model.reshape(PartialShape.of(-1, 4));
            assertTrue(model.isDynamic());
            assertEquals("[?,4]", model.inputs().getFirst().shape().toString());
            try (CompiledModel compiled = core.compile(model, "CPU");
                 InferRequest request = compiled.createInferRequest()) {
                for (int batch : new int[] {3, 1, 5}) {
                    float[] x = new float[batch * 4];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (i % 7) - 3;
                    }
                    try (Tensor input = Tensor.of(new long[] {batch, 4}, x)) {
                        request.setInputTensor(0, input);
                        request.infer();
                        assertArrayEquals(dense.expected(x, batch), request.outputFloats(0), 1e-5f);
                    }
                }
            }
        }
    }

    @Test
    void prePostProcessorConvertsU8BgrFramesInTheGraph() {
        int frameH = 6;
        int frameW = 8;
        try (Model raw = core.readModel(TestModels.utf8(TestModels.identityImage(3, 4)), null);
             PrePostProcessor ppp = new PrePostProcessor(raw)) {
            ppp.inputTensor(0, ElementType.U8, "NHWC", ColorFormat.BGR)
                    .inputSpatialStaticShape(0, frameH, frameW)
                    .inputConvertElementType(0, ElementType.F32)
                    .inputConvertColor(0, ColorFormat.RGB)
                    .inputResize(0, ResizeAlgorithm.LINEAR)
                    .inputMean(0, 10f)
                    .inputScale(0, 2f)
                    .inputModelLayout(0, "NCHW");
            try (Model model = ppp.build();
                 CompiledModel compiled = core.compile(model, "CPU");
                 InferRequest request = compiled.createInferRequest();
                 Arena arena = Arena.ofConfined()) {
                assertEquals(new Port(0, "pixels", PartialShape.of(1, frameH, frameW, 3), ElementType.U8), model.inputs().getFirst());
                MemorySegment frame = arena.allocate((long) frameH * frameW * 3);
                for (int p = 0; p < frameH * frameW; p++) {
                    frame.set(ValueLayout.JAVA_BYTE, 3L * p, (byte) 10);     // B
                    frame.set(ValueLayout.JAVA_BYTE, 3L * p + 1, (byte) 50); // G
                    frame.set(ValueLayout.JAVA_BYTE, 3L * p + 2, (byte) 200); // R (above 127: unsigned)
                }
                try (Tensor input = Tensor.wrap(ElementType.U8, new long[] {1, frameH, frameW, 3}, frame)) {
                    request.setInputTensor(0, input);
                    request.infer();
                }
                float[] out = request.outputFloats(0);
                assertEquals(3 * 3 * 4, out.length);
                for (int i = 0; i < 12; i++) {
                    assertEquals((200 - 10) / 2f, out[i], 1e-3f, "R plane");
                    assertEquals((50 - 10) / 2f, out[12 + i], 1e-3f, "G plane");
                    assertEquals(0f, out[24 + i], 1e-3f, "B plane");
                }
            }
        }
    }

    @Test
    void outputElementTypeIsConvertedInTheGraph() {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        try (Model raw = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             PrePostProcessor ppp = new PrePostProcessor(raw);
             Model model = ppp.outputElementType(0, ElementType.F16).build();
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor input = Tensor.of(new long[] {1, 4}, 1, 2, 3, 4)) {
            assertEquals(ElementType.F16, model.outputs().getFirst().elementType());
            request.setInputTensor(0, input);
            request.infer();
            try (Tensor out = request.outputTensor(0)) {
                assertEquals(ElementType.F16, out.elementType());
                float[] expected = dense.expected(new float[] {1, 2, 3, 4}, 1);
                for (int i = 0; i < expected.length; i++) {
                    short half = out.data().getAtIndex(ValueLayout.JAVA_SHORT, i);
                    assertEquals(expected[i], Float.float16ToFloat(half), 1e-2f);
                }
            }
        }
    }

    @Test
    void tfliteFaceDetectorIsReadAndRuns() {
        try (Model model = core.readModel(TestModels.blazeFace());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor input = Tensor.allocate(ElementType.F32, 1, 128, 128, 3)) {
            assertEquals(PartialShape.of(1, 128, 128, 3), model.inputs().getFirst().shape());
            request.setInputTensor(0, input);
            request.infer();
            float[] boxes = request.outputFloats(0);
            float[] logits = request.outputFloats(1);
            assertEquals(896 * 16, boxes.length);
            assertEquals(896, logits.length);
            for (float logit : logits) {
                // A flat grey image holds no face: every anchor's probability stays low.
                assertTrue(1 / (1 + Math.exp(-logit)) < 0.5, "face score on an empty image: " + logit);
            }
        }
    }
}
