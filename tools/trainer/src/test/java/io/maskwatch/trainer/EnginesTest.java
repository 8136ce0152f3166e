package io.maskwatch.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnginesTest {

    @Test
    void libtorchFlushesDenormalsToZeroOnEveryThreadItComputesOn() {
        Engines.start();
        try (NDManager m = NDManager.newBaseManager()) {
            // 1e-38 × 0.01 is a denormal. Four million elements are split across the OpenMP
            // workers, so a worker that kept denormals would leave non-zero values behind.
            float[] product = m.full(new Shape(4_000_000), 1e-38f).mul(0.01f).toFloatArray();
            long nonZero = 0;
            for (float v : product) {
                nonZero += v != 0 ? 1 : 0;
            }
            assertEquals(4_000_000, product.length);
            assertEquals(0, nonZero, "denormal products left by libtorch");
        }
    }
}
