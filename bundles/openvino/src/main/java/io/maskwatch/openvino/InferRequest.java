package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One inference at a time on a compiled model. Used by one thread at a time; the completion
 * callback runs on an OpenVINO thread. Closing a request waits for its inference to finish.
 */
public final class InferRequest extends NativeHandle {

    private static final System.Logger LOG = System.getLogger(InferRequest.class.getName());
    private static final MethodHandle COMPLETED;

    static {
        try {
            COMPLETED = MethodHandles.lookup().findVirtual(InferRequest.class, "completed",
                    MethodType.methodType(void.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Tensors set on the request: kept reachable, and checked before each inference. */
    private final Map<Object, Tensor> bound = new HashMap<>();
    private Arena callbackArena;
    private volatile Runnable callback;
    private boolean started;

    InferRequest(Native api, MemorySegment address) {
        super(api, address, "InferRequest");
    }

    public void setInputTensor(int index, Tensor tensor) {
        bind("input#" + index, tensor, (self, t) -> api.check("ov_infer_request_set_input_tensor_by_index", self, (long) index, t));
    }

    public void setOutputTensor(int index, Tensor tensor) {
        bind("output#" + index, tensor, (self, t) -> api.check("ov_infer_request_set_output_tensor_by_index", self, (long) index, t));
    }

    public void setTensor(String name, Tensor tensor) {
        bind(name, tensor, (self, t) -> {
            try (Arena arena = Arena.ofConfined()) {
                api.check("ov_infer_request_set_tensor", self, arena.allocateFrom(name), t);
            }
        });
    }

    private interface Binder {
        void bind(MemorySegment request, MemorySegment tensor);
    }

    private void bind(Object key, Tensor tensor, Binder binder) {
        tensor.checkAlive();
        MemorySegment self = acquire();
        try {
            MemorySegment t = tensor.acquire();
            try {
                binder.bind(self, t);
            } finally {
                tensor.release();
            }
            bound.put(key, tensor);
        } finally {
            release();
        }
    }

    /** The request's input tensor; the caller closes the returned handle (the memory stays with the request). */
    public Tensor inputTensor(int index) {
        return tensorBy("ov_infer_request_get_input_tensor_by_index", (long) index);
    }

    /** The request's output tensor; the caller closes the returned handle (the memory stays with the request). */
    public Tensor outputTensor(int index) {
        return tensorBy("ov_infer_request_get_output_tensor_by_index", (long) index);
    }

    public Tensor tensor(String name) {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_infer_request_get_tensor", self, arena.allocateFrom(name), out);
            return Tensor.adopt(api, out.get(ValueLayout.ADDRESS, 0));
        } finally {
            release();
        }
    }

    private Tensor tensorBy(String function, long index) {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check(function, self, index, out);
            return Tensor.adopt(api, out.get(ValueLayout.ADDRESS, 0));
        } finally {
            release();
        }
    }

    /** A copy of an F32 output. */
    public float[] outputFloats(int index) {
        try (Tensor t = outputTensor(index)) {
            return t.toFloatArray();
        }
    }

    /** Runs inference and returns when it is done. */
    public void infer() {
        checkBound();
        MemorySegment self = acquire();
        try {
            api.check("ov_infer_request_infer", self);
        } finally {
            release();
        }
    }

    /** Starts inference and returns at once; follow with {@link #await()}. */
    public void startAsync() {
        checkBound();
        MemorySegment self = acquire();
        try {
            api.check("ov_infer_request_start_async", self);
            started = true;
        } finally {
            release();
        }
    }

    /** Waits for the inference started by {@link #startAsync()}; rethrows its failure. */
    public void await() {
        MemorySegment self = acquire();
        try {
            api.check("ov_infer_request_wait", self);
        } finally {
            started = false;
            release();
        }
    }

    /**
     * Waits at most {@code timeout}.
     *
     * @return true when the inference is done, false when the time ran out
     */
    public boolean await(Duration timeout) {
        MemorySegment self = acquire();
        try {
            int status = (int) api.call("ov_infer_request_wait_for", self, Math.max(0, timeout.toMillis()));
            if (status == -9) { // RESULT_NOT_READY
                return false;
            }
            if (status != 0) {
                throw api.failure("ov_infer_request_wait_for", status);
            }
            started = false;
            return true;
        } finally {
            release();
        }
    }

    /** Asks a running inference to stop; {@link #await()} then reports INFER_CANCELLED. */
    public void cancel() {
        MemorySegment self = acquire();
        try {
            api.check("ov_infer_request_cancel", self);
        } finally {
            release();
        }
    }

    /**
     * Runs {@code onComplete} on an OpenVINO thread each time an asynchronous inference ends,
     * successfully or not. It must not block; exceptions it throws are logged and dropped.
     */
    public void onComplete(Runnable onComplete) {
        MemorySegment self = acquire();
        try {
            synchronized (this) {
                if (callbackArena == null) {
                    callbackArena = Arena.ofShared();
                }
            }
            callback = onComplete;
            MemorySegment stub = api.callbackStub(COMPLETED.bindTo(this), callbackArena);
            MemorySegment cb = callbackArena.allocate(Native.CALLBACK);
            cb.set(ValueLayout.ADDRESS, 0, stub);
            cb.set(ValueLayout.ADDRESS, 8, MemorySegment.NULL);
            api.check("ov_infer_request_set_callback", self, cb);
        } finally {
            release();
        }
    }

    @SuppressWarnings("unused") // called from native code through the upcall stub
    private void completed(MemorySegment args) {
        Runnable r = callback;
        if (r == null) {
            return;
        }
        try {
            r.run();
        } catch (Throwable t) {
            // An exception escaping an upcall would terminate the JVM.
            LOG.log(System.Logger.Level.WARNING, "inference completion callback failed: " + t, t);
        }
    }

    private void checkBound() {
        for (Tensor t : bound.values()) {
            if (t.isClosed()) {
                throw new IllegalStateException("a tensor set on this request has been closed; set a new one");
            }
            t.checkAlive();
        }
    }

    @Override
    String freeFunction() {
        return "ov_infer_request_free";
    }

    @Override
    void beforeFree(MemorySegment self) {
        if (started) {
            // Freeing a running request is undefined behaviour in OpenVINO: let it finish first.
            // Its failure, if any, has no one left to report to.
            api.call("ov_infer_request_wait", self);
            started = false;
        }
    }

    @Override
    void afterFree() {
        bound.clear();
        synchronized (this) {
            if (callbackArena != null) {
                callbackArena.close();
                callbackArena = null;
            }
        }
    }
}
