package io.maskwatch.openvino;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misuse must end in an exception, never in a crash of the JVM. */
class MisuseTest {

    static final float[][] W = {{1, 2}, {3, 4}};
    static final float[] B = {0, 0};

    static Core core;
    static TestModels.Dense dense = TestModels.dense(1, W, B);

    @BeforeAll
    static void open() {
        core = Core.create();
    }

    @AfterAll
    static void close() {
        core.close();
    }

    @Test
    void closedHandlesThrowIllegalState() {
        Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
        CompiledModel compiled = core.compile(model, "CPU");
        InferRequest request = compiled.createInferRequest();
        Tensor tensor = Tensor.of(new long[] {1, 2}, 1, 2);
        MemorySegment data = tensor.data();
        request.setInputTensor(0, tensor);

        tensor.close();
        assertThrows(IllegalStateException.class, tensor::shape);
        assertThrows(IllegalStateException.class, () -> data.get(java.lang.foreign.ValueLayout.JAVA_FLOAT, 0));
        IllegalStateException stale = assertThrows(IllegalStateException.class, request::infer);
        assertTrue(stale.getMessage().contains("closed"), stale.getMessage());

        request.close();
        assertThrows(IllegalStateException.class, request::infer);
        compiled.close();
        assertThrows(IllegalStateException.class, compiled::createInferRequest);
        model.close();
        assertThrows(IllegalStateException.class, model::inputs);
        assertThrows(IllegalStateException.class, () -> core.compile(model, "CPU"));

        assertDoesNotThrow(() -> {
            tensor.close();
            request.close();
            compiled.close();
            model.close();
        }, "closing twice is harmless");
        assertTrue(model.isClosed());
    }

    @Test
    void wrongShapeIsAnOpenVinoException() {
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor wrong = Tensor.of(new long[] {1, 3}, 1, 2, 3)) {
            OpenVinoException e = assertThrows(OpenVinoException.class, () -> {
                request.setInputTensor(0, wrong);
                request.infer();
            });
            assertTrue(e.status() < 0, "status " + e.status());
            assertTrue(e.getMessage().contains("failed"), e.getMessage());
        }
    }

    @Test
    void wrongElementTypeIsAnOpenVinoException() {
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor ints = Tensor.allocate(ElementType.I32, 1, 2)) {
            assertThrows(OpenVinoException.class, () -> {
                request.setInputTensor(0, ints);
                request.infer();
            });
            try (Tensor out = Tensor.allocate(ElementType.U8, 4)) {
                OpenVinoException e = assertThrows(OpenVinoException.class, out::toFloatArray);
                assertTrue(e.getMessage().contains("U8"), e.getMessage());
            }
        }
    }

    @Test
    void unknownDeviceNamesTheAvailableOnes() {
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights())) {
            OpenVinoException e = assertThrows(OpenVinoException.class, () -> core.compile(model, "TPU"));
            assertTrue(e.getMessage().contains("TPU") && e.getMessage().contains("CPU"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> core.compile(model, " "));
        }
    }

    @Test
    void unknownCompilePropertyIsAnOpenVinoException() {
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights())) {
            OpenVinoException e = assertThrows(OpenVinoException.class,
                    () -> core.compile(model, "CPU", java.util.Map.of("NO_SUCH_PROPERTY", "1")));
            assertTrue(e.getMessage().contains("NO_SUCH_PROPERTY"), e.getMessage());
        }
    }

    @Test
    void corruptOrMissingModelsAreOpenVinoExceptions(@TempDir Path dir) throws Exception {
        assertThrows(OpenVinoException.class, () -> core.readModel(TestModels.utf8("<net><broken"), new byte[0]));
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        assertThrows(OpenVinoException.class, () -> core.readModel(junk));
        OpenVinoException missing = assertThrows(OpenVinoException.class, () -> core.readModel(dir.resolve("absent.xml")));
        assertTrue(missing.getMessage().contains("absent.xml"), missing.getMessage());
        // Weights shorter than the offsets the XML names.
        assertThrows(OpenVinoException.class, () -> core.readModel(TestModels.utf8(dense.xml()), new byte[4]));
    }

    @Test
    void tensorsRefuseBadMemory() {
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(ElementType.F32, new long[] {2, 2}, MemorySegment.ofArray(new float[4])), "heap memory");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(12);
            assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(ElementType.F32, new long[] {2, 2}, small));
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(ElementType.F32, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(ElementType.OTHER, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {2, 2}, 1, 2, 3));
    }

    @Test
    void borrowedMemoryFreedBeforeInferenceIsRefused() {
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest()) {
            Arena arena = Arena.ofConfined();
            Tensor borrowed = Tensor.wrap(ElementType.F32, new long[] {1, 2}, arena.allocate(8));
            request.setInputTensor(0, borrowed);
            arena.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, request::infer);
            assertTrue(e.getMessage().contains("freed"), e.getMessage());
            borrowed.close();
        }
    }

    @Test
    void awaitWithoutStartIsHarmless() {
        try (Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest()) {
            // OpenVINO treats waiting on an idle request as done, or reports INFER_NOT_STARTED.
            try {
                request.await();
            } catch (OpenVinoException e) {
                assertEquals(-11, e.status(), e.getMessage());
            }
        }
    }
}
