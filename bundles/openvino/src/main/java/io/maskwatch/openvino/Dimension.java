package io.maskwatch.openvino;

/**
 * One dimension of a partial shape: static when {@code min == max}, otherwise an interval;
 * {@code max == -1} means unbounded.
 */
public record Dimension(long min, long max) {

    public static final Dimension DYNAMIC = new Dimension(0, -1);

    public static Dimension of(long size) {
        return new Dimension(size, size);
    }

    public boolean isStatic() {
        return min == max && min >= 0;
    }

    @Override
    public String toString() {
        if (isStatic()) {
            return Long.toString(min);
        }
        return max < 0 && min <= 0 ? "?" : min + ".." + (max < 0 ? "" : Long.toString(max));
    }
}
