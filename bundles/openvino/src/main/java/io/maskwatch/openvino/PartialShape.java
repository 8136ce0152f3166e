package io.maskwatch.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A shape whose dimensions may be dynamic. A dynamic rank is represented by {@code dims == null}. */
public record PartialShape(List<Dimension> dims) {

    public PartialShape {
        dims = dims == null ? null : List.copyOf(dims);
    }

    public static PartialShape of(long... sizes) {
        return new PartialShape(Arrays.stream(sizes).mapToObj(s -> s < 0 ? Dimension.DYNAMIC : Dimension.of(s)).toList());
    }

    public static PartialShape dynamicRank() {
        return new PartialShape(null);
    }

    public boolean isStatic() {
        return dims != null && dims.stream().allMatch(Dimension::isStatic);
    }

    /** The sizes of a static shape. */
    public long[] toShape() {
        if (!isStatic()) {
            throw new IllegalStateException("shape " + this + " is not static");
        }
        return dims.stream().mapToLong(Dimension::min).toArray();
    }

    public int rank() {
        if (dims == null) {
            throw new IllegalStateException("rank is dynamic");
        }
        return dims.size();
    }

    /** Reads an {@code ov_partial_shape_t}; the caller frees it. */
    static PartialShape read(MemorySegment shape) {
        long rankMin = shape.get(ValueLayout.JAVA_LONG, 0);
        long rankMax = shape.get(ValueLayout.JAVA_LONG, 8);
        if (rankMin != rankMax || rankMin < 0) {
            return dynamicRank();
        }
        MemorySegment dims = shape.get(ValueLayout.ADDRESS, 16).reinterpret(rankMin * 16);
        List<Dimension> out = new ArrayList<>();
        for (int i = 0; i < rankMin; i++) {
            out.add(new Dimension(dims.getAtIndex(ValueLayout.JAVA_LONG, 2L * i), dims.getAtIndex(ValueLayout.JAVA_LONG, 2L * i + 1)));
        }
        return new PartialShape(out);
    }

    /** Writes an {@code ov_partial_shape_t} whose dims live in {@code arena}. */
    MemorySegment write(Arena arena) {
        MemorySegment shape = arena.allocate(Native.PARTIAL_SHAPE);
        if (dims == null) {
            shape.set(ValueLayout.JAVA_LONG, 0, 0);
            shape.set(ValueLayout.JAVA_LONG, 8, -1);
            shape.set(ValueLayout.ADDRESS, 16, MemorySegment.NULL);
            return shape;
        }
        MemorySegment d = arena.allocate(Native.DIMENSION, Math.max(1, dims.size()));
        for (int i = 0; i < dims.size(); i++) {
            d.setAtIndex(ValueLayout.JAVA_LONG, 2L * i, dims.get(i).min());
            d.setAtIndex(ValueLayout.JAVA_LONG, 2L * i + 1, dims.get(i).max());
        }
        shape.set(ValueLayout.JAVA_LONG, 0, dims.size());
        shape.set(ValueLayout.JAVA_LONG, 8, dims.size());
        shape.set(ValueLayout.ADDRESS, 16, d);
        return shape;
    }

    @Override
    public String toString() {
        return dims == null ? "[...]" : dims.stream().map(Dimension::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
