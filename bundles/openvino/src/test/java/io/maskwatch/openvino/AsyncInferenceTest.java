package io.maskwatch.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncInferenceTest {

    static final float[][] W = {{0.5f, 1}, {-1, 2}, {3, -0.5f}};
    static final float[] B = {1, -1};

    @Test
    void severalThreadsShareOneCompiledModel() throws Exception {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        int threads = 4;
        int rounds = 50;
        try (Core core = Core.create();
             Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU", java.util.Map.of("PERFORMANCE_HINT", "THROUGHPUT"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    results.add(pool.submit(() -> {
                        int checked = 0;
                        try (InferRequest request = compiled.createInferRequest()) {
                            for (int r = 0; r < rounds; r++) {
                                float[] x = {seed, r, seed - r};
                                try (Tensor input = Tensor.of(new long[] {1, 3}, x)) {
                                    request.setInputTensor(0, input);
                                    request.startAsync();
                                    request.await();
                                    assertArrayEquals(dense.expected(x, 1), request.outputFloats(0), 1e-4f);
                                    checked++;
                                }
                            }
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> f : results) {
                    assertEquals(rounds, f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void completionCallbackRunsOncePerInference() throws Exception {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        try (Core core = Core.create();
             Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor input = Tensor.of(new long[] {1, 3}, 1, 2, 3)) {
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(3);
            request.onComplete(() -> {
                calls.incrementAndGet();
                done.countDown();
            });
            request.setInputTensor(0, input);
            for (int i = 0; i < 3; i++) {
                request.startAsync();
                assertTrue(request.await(Duration.ofSeconds(30)));
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "callback ran " + calls.get() + " times");
            assertEquals(3, calls.get());
            assertArrayEquals(dense.expected(new float[] {1, 2, 3}, 1), request.outputFloats(0), 1e-4f);
        }
    }

    @Test
    void aThrowingCallbackDoesNotTakeDownTheJvm() throws Exception {
        TestModels.Dense dense = TestModels.dense(1, W, B);
        try (Core core = Core.create();
             Model model = core.readModel(TestModels.utf8(dense.xml()), dense.weights());
             CompiledModel compiled = core.compile(model, "CPU");
             InferRequest request = compiled.createInferRequest();
             Tensor input = Tensor.of(new long[] {1, 3}, 1, 2, 3)) {
            CountDownLatch ran = new CountDownLatch(1);
            request.onComplete(() -> {
                ran.countDown();
                throw new IllegalStateException("listener bug");
            });
            request.setInputTensor(0, input);
            request.startAsync();
            request.await();
            assertTrue(ran.await(30, TimeUnit.SECONDS));
            request.infer();
            assertArrayEquals(dense.expected(new float[] {1, 2, 3}, 1), request.outputFloats(0), 1e-4f);
        }
    }
}
