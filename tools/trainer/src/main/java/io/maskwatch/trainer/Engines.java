package io.maskwatch.trainer;

import ai.djl.engine.Engine;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Starts DJL's PyTorch engine for the trainer: offline (libtorch comes from the
 * pytorch-native-cpu jar on the class path, and these machines reach no model hub), and with
 * denormal floats flushed to zero.
 *
 * <p>Why flush: as training goes on, some intermediate values (not the weights: the shipped
 * weights hold none) fall below 1.2e-38, into the denormal range that x86 cores compute in slow
 * microcode. A 512×512 matrix product of such values took 94 ms instead of 1.2 ms here. Without
 * the flush, epochs of the default training run grew from about 105 s to 125-150 s after the
 * fourth; with it they stayed at 100-117 s (32.9 min in all, against 36.9 and 39.9 for the two
 * runs before), with val figures like theirs (model card). DJL offers no switch,
 * so this calls libtorch's own {@code at::Context::setFlushDenormal}. It sets the calling
 * thread's MXCSR, and OpenMP's workers copy it when they are created, so it must run before the
 * first tensor operation; Java float arithmetic on that same thread also flushes denormals from
 * then on, which nothing in the trainer depends on.
 */
final class Engines {

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_FLUSH_DENORMAL = "_ZN2at7Context16setFlushDenormalEb";
    private static boolean started;

    private Engines() {
    }

    static synchronized void start() {
        setIfAbsent("offline", "true");
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        setIfAbsent("ai.djl.disable_close_resource_on_finalize", "true");
        if (!started) {
            started = true;
            Engine.getInstance();
            if (!flushDenormalsToZero()) {
                System.err.println("warning: this libtorch has no setFlushDenormal; training runs, but late epochs may run a fifth to a third slower");
            }
        }
    }

    /** Whether libtorch now flushes denormals on this thread and the OpenMP workers it starts. */
    private static boolean flushDenormalsToZero() {
        SymbolLookup torch = SymbolLookup.loaderLookup();
        Optional<MemorySegment> context = torch.find(GLOBAL_CONTEXT);
        Optional<MemorySegment> setter = torch.find(SET_FLUSH_DENORMAL);
        if (context.isEmpty() || setter.isEmpty()) {
            return false;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle globalContext = linker.downcallHandle(context.get(), FunctionDescriptor.of(ValueLayout.ADDRESS));
        MethodHandle setFlushDenormal = linker.downcallHandle(setter.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
        try {
            MemorySegment ctx = (MemorySegment) globalContext.invokeExact();
            return (boolean) setFlushDenormal.invokeExact(ctx, true);
        } catch (Throwable e) {
            throw new IllegalStateException("could not call libtorch's setFlushDenormal", e);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
