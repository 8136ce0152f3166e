/**
 * Java bindings to the OpenVINO C API ({@code libopenvino_c}) through the Foreign Function and
 * Memory API, and the finder that locates the runtime.
 *
 * <p>Every handle is {@link java.lang.AutoCloseable}; closing twice is harmless, and using a closed
 * handle throws {@link java.lang.IllegalStateException}. Every native status is checked; a failure
 * throws {@link io.maskwatch.openvino.OpenVinoException} with the status and OpenVINO's message.
 *
 * <p>Thread safety: {@link io.maskwatch.openvino.Core} and {@link io.maskwatch.openvino.CompiledModel}
 * may be shared between threads. A {@link io.maskwatch.openvino.Model}, a
 * {@link io.maskwatch.openvino.PrePostProcessor} and an {@link io.maskwatch.openvino.InferRequest}
 * are used by one thread at a time. Closing a handle waits for calls on it that are in progress.
 */
@Export
@Version("1.0.0")
package io.maskwatch.openvino;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
