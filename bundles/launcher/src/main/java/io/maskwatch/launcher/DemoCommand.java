package io.maskwatch.launcher;

import io.maskwatch.openvino.ColorFormat;
import io.maskwatch.openvino.CompiledModel;
import io.maskwatch.openvino.Core;
import io.maskwatch.openvino.ElementType;
import io.maskwatch.openvino.InferRequest;
import io.maskwatch.openvino.Model;
import io.maskwatch.openvino.OpenVinoException;
import io.maskwatch.openvino.Port;
import io.maskwatch.openvino.PrePostProcessor;
import io.maskwatch.openvino.ResizeAlgorithm;
import io.maskwatch.openvino.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code bin/maskwatch demo}: until the camera pipeline lands, it proves the inference path end to
 * end: the face detector from models/third-party is read, given an in-graph u8 BGR pre-processing
 * step, compiled for the CPU, and run on a synthetic 1280x720 frame.
 */
final class DemoCommand {

    private DemoCommand() {
    }

    static int run(String[] args) {
        Path detector = Home.dir().resolve("models/third-party/face_detection_short_range.tflite");
        if (!Files.isRegularFile(detector)) {
            throw new UsageException("face detector model missing at " + detector + "; run bin/maskwatch setup");
        }
        int width = 1280;
        int height = 720;
        try (Core core = Core.create();
             Model raw = core.readModel(detector);
             PrePostProcessor ppp = new PrePostProcessor(raw)) {
            Port in = raw.inputs().getFirst();
            System.out.println("model " + detector.getFileName() + ": input " + in.name() + " " + in.shape() + " " + in.elementType());
            ppp.inputTensor(0, ElementType.U8, "NHWC", ColorFormat.BGR)
                    .inputSpatialStaticShape(0, height, width)
                    .inputConvertElementType(0, ElementType.F32)
                    .inputConvertColor(0, ColorFormat.RGB)
                    .inputResize(0, ResizeAlgorithm.LINEAR)
                    .inputMean(0, 127.5f)
                    .inputScale(0, 127.5f)
                    .inputModelLayout(0, "NHWC");
            try (Model model = ppp.build();
                 CompiledModel compiled = core.compile(model, "CPU", Map.of("PERFORMANCE_HINT", "LATENCY"));
                 InferRequest request = compiled.createInferRequest();
                 Arena arena = Arena.ofConfined()) {
                MemorySegment frame = arena.allocate((long) width * height * 3);
                for (long i = 0; i < frame.byteSize(); i++) {
                    frame.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31 % 251));
                }
                try (Tensor input = Tensor.wrap(ElementType.U8, new long[] {1, height, width, 3}, frame)) {
                    request.setInputTensor(0, input);
                    long start = System.nanoTime();
                    int runs = 20;
                    for (int i = 0; i < runs; i++) {
                        request.infer();
                    }
                    double ms = (System.nanoTime() - start) / 1e6 / runs;
                    for (Port out : compiled.outputs()) {
                        System.out.println("output " + out.index() + " " + out.name() + " " + out.shape());
                    }
                    System.out.printf("inference on CPU with in-graph resize from %dx%d: %.2f ms per frame (%d runs)%n",
                            width, height, ms, runs);
                }
            }
        } catch (OpenVinoException e) {
            System.err.println("maskwatch demo: " + e.getMessage());
            return 2;
        }
        return 0;
    }
}
