package io.maskwatch.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LifetimeTest {

    static final float[][] W = {{1, 2, 3}, {4, 5, 6}};
    static final float[] B = {-1, 0, 1};

    /**
     * OpenVINO may point at the weights passed to read-from-memory instead of copying them. The
     * bindings copy the caller's bytes and keep that copy alive for every model and compiled model
     * derived from the read, so scribbling over the caller's array, closing the model and
     * collecting garbage must not change the results.
     */
    @Test
    void weightsReadFromMemoryOutliveTheCallersArrayAndTheModel() {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        byte[] weights = dense.weights().clone();
        float[] x = {2, -1};
        try (Core core = Core.create()) {
            Model model = core.readModel(TestModels.utf8(dense.xml()), weights);
            PrePostProcessor ppp = new PrePostProcessor(model);
            Model derived = ppp.inputTensor(0, ElementType.F32, "NC", null).build();
            ppp.close();
            Arrays.fill(weights, (byte) 0x7f);
            model.close();
            CompiledModel compiled = core.compile(derived, "CPU");
            derived.close();
            for (int i = 0; i < 3; i++) {
                System.gc();
                churnNativeMemory();
            }
            try (compiled; InferRequest request = compiled.createInferRequest(); Tensor input = Tensor.of(new long[] {1, 2}, x)) {
                request.setInputTensor(0, input);
                request.infer();
                assertArrayEquals(dense.expected(x, 1), request.outputFloats(0), 1e-5f);
            }
        }
    }

    private static void churnNativeMemory() {
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < 64; i++) {
                arena.allocate(4096).fill((byte) 0x55);
            }
        }
    }

    /**
     * Creates, infers and closes 20,000 times (after a warm-up), with 2,000 model reads and
     * compilations among them, and checks that neither the native heap in use (glibc
     * {@code mallinfo2}: small blocks plus mmapped blocks) nor the process's resident memory grows
     * past a bound.
     *
     * <p>Both are sampled every 500 cycles, and the floor (lowest sample) of the last quarter is
     * compared with the floor of the first quarter. A single sample swings between about 13 and
     * 24 MB with what OpenVINO's CPU plugin holds at that moment, for up to four samples in a row
     * (on a busy machine an end-minus-start difference once read +8.6 MB with no leak), while a
     * leak raises every later sample: the two floors are at least 10,500 cycles apart, so 1 KB per
     * cycle lifts the floor by 10 MB.
     */
    @Test
    void twentyThousandCreateInferCloseCyclesDoNotLeak() throws Throwable {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        byte[] xml = TestModels.utf8(dense.xml());
        float[] x = {1, 1};
        float[] expected = dense.expected(x, 1);
        try (Core core = Core.create()) {
            cycles(core, xml, dense.weights(), x, expected, 1_000);
            long[] heap = new long[SAMPLES];
            long[] rssKb = new long[SAMPLES];
            long start = System.nanoTime();
            for (int i = 0; i < SAMPLES; i++) {
                cycles(core, xml, dense.weights(), x, expected, CYCLES_PER_SAMPLE);
                System.gc();
                heap[i] = nativeHeapInUse();
                rssKb[i] = rssKb();
            }
            int quarter = SAMPLES / 4;
            double floorGrowthMb = (floor(heap, SAMPLES - quarter, SAMPLES) - floor(heap, 0, quarter)) / 1024.0 / 1024.0;
            double rssGrowthMb = (floor(rssKb, SAMPLES - quarter, SAMPLES) - floor(rssKb, 0, quarter)) / 1024.0;
            String samplesMb = Arrays.toString(Arrays.stream(heap).map(h -> h >> 20).toArray());
            System.out.printf("leak check: %d cycles in %.1f s; native heap in use (MB, every %d cycles) %s; floor %+.2f MB (bound %d MB); RSS floor %+.1f MB (bound %d MB)%n",
                    SAMPLES * CYCLES_PER_SAMPLE, (System.nanoTime() - start) / 1e9, CYCLES_PER_SAMPLE, samplesMb,
                    floorGrowthMb, NATIVE_HEAP_BOUND_MB, rssGrowthMb, RSS_BOUND_MB);
            assertTrue(floorGrowthMb < NATIVE_HEAP_BOUND_MB, "native heap floor grew by " + floorGrowthMb + " MB: " + samplesMb);
            assertTrue(rssGrowthMb < RSS_BOUND_MB, "RSS floor grew by " + rssGrowthMb + " MB over " + SAMPLES * CYCLES_PER_SAMPLE + " cycles");
        }
    }

    static final int SAMPLES = 40;
    static final int CYCLES_PER_SAMPLE = 500;
    static final int NATIVE_HEAP_BOUND_MB = 6;
    static final int RSS_BOUND_MB = 48;

    /** The lowest of {@code samples[from, to)}. */
    private static long floor(long[] samples, int from, int to) {
        return Arrays.stream(samples, from, to).min().orElseThrow();
    }

    /** glibc's {@code mallinfo2()}: bytes in allocated small blocks plus bytes in mmapped blocks. */
    private static long nativeHeapInUse() throws Throwable {
        Linker linker = Linker.nativeLinker();
        StructLayout info = MemoryLayout.structLayout(
                java.util.stream.IntStream.range(0, 10).mapToObj(i -> ValueLayout.JAVA_LONG).toArray(MemoryLayout[]::new));
        MethodHandle mallinfo2 = linker.downcallHandle(linker.defaultLookup().find("mallinfo2").orElseThrow(),
                FunctionDescriptor.of(info));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = (MemorySegment) mallinfo2.invokeExact((SegmentAllocator) arena);
            long hblkhd = m.getAtIndex(ValueLayout.JAVA_LONG, 4);
            long uordblks = m.getAtIndex(ValueLayout.JAVA_LONG, 7);
            return hblkhd + uordblks;
        }
    }

    /**
     * One cycle creates an infer request and an input tensor, infers, reads the output and closes
     * them; every tenth cycle also reads and compiles the model anew (compiling dominates the
     * time, so doing it every cycle would make the check take minutes).
     */
    private static void cycles(Core core, byte[] xml, byte[] weights, float[] x, float[] expected, int n) {
        CompiledModel compiled = null;
        try {
            for (int i = 0; i < n; i++) {
                if (i % 10 == 0) {
                    if (compiled != null) {
                        compiled.close();
                    }
                    try (Model model = core.readModel(xml, weights)) {
                        compiled = core.compile(model, "CPU", java.util.Map.of("INFERENCE_NUM_THREADS", "1"));
                    }
                }
                try (InferRequest request = compiled.createInferRequest(); Arena arena = Arena.ofConfined()) {
                    MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
                    try (Tensor input = Tensor.wrap(ElementType.F32, new long[] {1, 2}, in)) {
                        request.setInputTensor(0, input);
                        request.infer();
                    }
                    float[] y = request.outputFloats(0);
                    if (Math.abs(y[2] - expected[2]) > 1e-5) {
                        throw new AssertionError("wrong result in cycle " + i + ": " + Arrays.toString(y));
                    }
                }
            }
        } finally {
            if (compiled != null) {
                compiled.close();
            }
        }
    }

    private static long rssKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst()
                .orElseThrow();
    }
}
