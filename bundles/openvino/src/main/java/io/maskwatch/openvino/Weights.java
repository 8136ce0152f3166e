package io.maskwatch.openvino;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weights handed to {@code ov_core_read_model_from_memory_buffer}. OpenVINO may keep pointing at
 * them from the model's constants, so every model and compiled model derived from the read
 * retains them, and the tensor is freed when the last of those closes.
 */
final class Weights {

    private final Tensor tensor;
    private final AtomicInteger holders = new AtomicInteger(1);

    Weights(Tensor tensor) {
        this.tensor = tensor;
    }

    Tensor tensor() {
        return tensor;
    }

    Weights retain() {
        holders.incrementAndGet();
        return this;
    }

    void release() {
        if (holders.decrementAndGet() == 0) {
            tensor.close();
        }
    }
}
