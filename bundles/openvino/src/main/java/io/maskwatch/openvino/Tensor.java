package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An n-dimensional array that OpenVINO reads or writes. A tensor either owns memory that OpenVINO
 * allocated ({@link #allocate}) or borrows a caller's {@link MemorySegment} without copying
 * ({@link #wrap}); a borrowed segment must stay alive while the tensor is used, and a tensor whose
 * segment has been freed refuses to take part in inference.
 *
 * <p>{@link #data()} is only valid until the tensor is closed; access after that throws
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class Tensor extends NativeHandle {

    private final MemorySegment borrowed;
    private Arena view;

    private Tensor(Native api, MemorySegment address, MemorySegment borrowed) {
        super(api, address, "Tensor");
        this.borrowed = borrowed;
    }

    /** Takes ownership of a tensor pointer returned by OpenVINO. */
    static Tensor adopt(Native api, MemorySegment address) {
        return new Tensor(api, address, null);
    }

    /** A tensor backed by new memory that OpenVINO owns, zero-filled. */
    public static Tensor allocate(ElementType type, long... shape) {
        Native api = Native.get();
        checkShape(type, shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_tensor_create", type.code(), shapeStruct(arena, shape), out);
            Tensor t = new Tensor(api, out.get(ValueLayout.ADDRESS, 0), null);
            t.data().fill((byte) 0);
            return t;
        }
    }

    /**
     * A tensor over the caller's memory, with no copy. The segment must be native (off-heap) and
     * at least as large as the shape needs.
     */
    public static Tensor wrap(ElementType type, long[] shape, MemorySegment data) {
        Native api = Native.get();
        checkShape(type, shape);
        if (!data.isNative()) {
            throw new IllegalArgumentException("tensor memory must be native (off-heap); allocate it from an Arena");
        }
        long needed = byteSize(type, shape);
        if (data.byteSize() < needed) {
            throw new IllegalArgumentException("segment holds " + data.byteSize() + " bytes, shape " + Arrays.toString(shape)
                    + " of " + type + " needs " + needed);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_tensor_create_from_host_ptr", type.code(), shapeStruct(arena, shape), data, out);
            return new Tensor(api, out.get(ValueLayout.ADDRESS, 0), data);
        }
    }

    /** A new tensor holding a copy of {@code values}. */
    public static Tensor of(long[] shape, float... values) {
        Tensor t = allocate(ElementType.F32, shape);
        if (values.length != t.elementCount()) {
            t.close();
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
        MemorySegment.copy(values, 0, t.data(), ValueLayout.JAVA_FLOAT, 0, values.length);
        return t;
    }

    private static void checkShape(ElementType type, long[] shape) {
        if (type.byteSize() == 0) {
            throw new IllegalArgumentException("cannot create a tensor of element type " + type);
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    private static long byteSize(ElementType type, long[] shape) {
        long n = type.byteSize();
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** An {@code ov_shape_t} passed by value; its dims live in {@code arena}. */
    static MemorySegment shapeStruct(Arena arena, long[] shape) {
        MemorySegment s = arena.allocate(Native.SHAPE);
        s.set(ValueLayout.JAVA_LONG, 0, shape.length);
        s.set(ValueLayout.ADDRESS, 8, shape.length == 0 ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_LONG, shape));
        return s;
    }

    public long[] shape() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Native.SHAPE);
            api.check("ov_tensor_get_shape", self, s);
            try {
                long rank = s.get(ValueLayout.JAVA_LONG, 0);
                return s.get(ValueLayout.ADDRESS, 8).reinterpret(rank * 8).toArray(ValueLayout.JAVA_LONG);
            } finally {
                api.call("ov_shape_free", s);
            }
        } finally {
            release();
        }
    }

    public ElementType elementType() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(ValueLayout.JAVA_INT);
            api.check("ov_tensor_get_element_type", self, t);
            return api.elementCodes().typeOf(t.get(ValueLayout.JAVA_INT, 0));
        } finally {
            release();
        }
    }

    public long byteSize() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(ValueLayout.JAVA_LONG);
            api.check("ov_tensor_get_byte_size", self, n);
            return n.get(ValueLayout.JAVA_LONG, 0);
        } finally {
            release();
        }
    }

    public long elementCount() {
        return Arrays.stream(shape()).reduce(1, Math::multiplyExact);
    }

    /**
     * The tensor's memory. The segment is bounded to the tensor's byte size and becomes
     * inaccessible when the tensor is closed.
     */
    public MemorySegment data() {
        MemorySegment self = acquire();
        try (Arena arena = Arena.ofConfined()) {
            if (borrowed != null) {
                return borrowed;
            }
            MemorySegment p = arena.allocate(ValueLayout.ADDRESS);
            api.check("ov_tensor_data", self, p);
            long size = byteSize();
            synchronized (this) {
                if (view == null) {
                    view = Arena.ofShared();
                }
                return p.get(ValueLayout.ADDRESS, 0).reinterpret(size, view, null);
            }
        } finally {
            release();
        }
    }

    /** A copy of an F32 tensor's values. */
    public float[] toFloatArray() {
        ElementType type = elementType();
        if (type != ElementType.F32) {
            throw new OpenVinoException("tensor holds " + type + ", not F32");
        }
        return data().toArray(ValueLayout.JAVA_FLOAT);
    }

    /** Fails fast when the borrowed memory has been freed, instead of letting OpenVINO read it. */
    void checkAlive() {
        if (borrowed != null && !borrowed.scope().isAlive()) {
            throw new IllegalStateException("the memory behind this tensor has been freed");
        }
    }

    @Override
    String freeFunction() {
        return "ov_tensor_free";
    }

    @Override
    void beforeFree(MemorySegment self) {
        synchronized (this) {
            if (view != null) {
                view.close();
                view = null;
            }
        }
    }
}
