package io.maskwatch.openvino;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Owns exactly one OpenVINO pointer and frees it once. Calls hold the read lock while they use
 * the pointer, and {@link #close()} takes the write lock, so a close waits for calls in progress
 * and a call after close fails with {@link IllegalStateException} rather than a crash.
 */
abstract class NativeHandle implements AutoCloseable {

    final Native api;
    private final MemorySegment address;
    private final String kind;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    NativeHandle(Native api, MemorySegment address, String kind) {
        if (address.equals(MemorySegment.NULL)) {
            throw new OpenVinoException(kind + ": OpenVINO returned a null handle");
        }
        this.api = api;
        this.address = address;
        this.kind = kind;
    }

    /** Locks the handle against close and returns its pointer; pair with {@link #release()}. */
    final MemorySegment acquire() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(kind + " is closed");
        }
        return address;
    }

    final void release() {
        lock.readLock().unlock();
    }

    public final boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Frees the native object. Closing twice is harmless. */
    @Override
    public final void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            beforeFree(address);
            api.call(freeFunction(), address);
            afterFree();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The {@code ov_*_free} function for this kind of handle. */
    abstract String freeFunction();

    /** Runs under the write lock before the pointer is freed. */
    void beforeFree(MemorySegment self) {
    }

    /** Runs under the write lock after the pointer is freed: release what the handle kept alive. */
    void afterFree() {
    }

    @Override
    public String toString() {
        return kind + (isClosed() ? " (closed)" : "");
    }
}
