package io.maskwatch.classifier;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;
import io.maskwatch.openvino.ColorFormat;
import io.maskwatch.openvino.CompiledModel;
import io.maskwatch.openvino.Core;
import io.maskwatch.openvino.ElementType;
import io.maskwatch.openvino.InferRequest;
import io.maskwatch.openvino.Model;
import io.maskwatch.openvino.PrePostProcessor;
import io.maskwatch.openvino.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Labels face crops with the project's MobileNetV2 (OpenVINO IR + model.json).
 *
 * <p>All faces of a call go through the network as one batch. Java only crops and resizes
 * ({@link FaceCrop}, the same code the trainer uses) into a u8 NHWC BGR tensor; the conversion
 * to the network's f32 NCHW RGB with mean/scale is part of the compiled graph
 * (PrePostProcessor). Thread-safe: a small pool of infer requests, each with its own input
 * buffer, serves concurrent callers; a caller waits when all are busy.
 */
public final class MaskClassifier implements AutoCloseable {

    /** A face to classify: a region of a frame, already the final square (see {@link FaceCrop}). */
    public record Crop(BgrFrame frame, PixelBox region) {
        /** The whole frame is the face crop (an image from a face dataset). */
        public static Crop whole(BgrFrame frame) {
            return new Crop(frame, FaceCrop.whole(frame));
        }
    }

    private final ModelInfo info;
    private final Core core;
    private final boolean ownsCore;
    private final CompiledModel compiled;
    private final BlockingQueue<Slot> pool;
    private final List<Slot> slots = new ArrayList<>();
    private volatile boolean closed;

    /** One infer request and the native buffer its input tensors are wrapped around. */
    private static final class Slot {
        final InferRequest request;
        final Arena arena = Arena.ofShared();
        MemorySegment buffer;
        int capacity;

        Slot(InferRequest request) {
            this.request = request;
        }

        MemorySegment buffer(int faces, long bytesPerFace) {
            if (faces > capacity) {
                // Grows in powers of two so a busy camera does not reallocate every frame.
                int cap = Integer.highestOneBit(Math.max(1, faces - 1)) << 1;
                buffer = arena.allocate(cap * bytesPerFace, 64);
                capacity = cap;
            }
            return buffer;
        }
    }

    /** Opens the model in {@code dir} on the CPU with two infer requests. */
    public static MaskClassifier open(Path dir) {
        return open(dir, null, "CPU", 2);
    }

    /**
     * @param core     a shared core, or {@code null} to create one owned by this classifier
     * @param device   OpenVINO device name
     * @param requests how many batches may run at once
     */
    public static MaskClassifier open(Path dir, Core core, String device, int requests) {
        return open(dir, core, device, requests, Map.of());
    }

    /** As {@link #open(Path, Core, String, int)}, with extra compile properties (e.g. {@code INFERENCE_NUM_THREADS}). */
    public static MaskClassifier open(Path dir, Core core, String device, int requests, Map<String, String> properties) {
        ModelInfo info = ModelInfo.read(dir);
        if (!Files.isRegularFile(info.xml()) || !Files.isRegularFile(info.bin())) {
            throw new IllegalArgumentException("model files missing: " + info.xml() + " / " + info.bin());
        }
        return new MaskClassifier(info, core, device, requests, properties);
    }

    private MaskClassifier(ModelInfo info, Core sharedCore, String device, int requests, Map<String, String> properties) {
        if (requests < 1) {
            throw new IllegalArgumentException("need at least one infer request");
        }
        this.info = info;
        this.ownsCore = sharedCore == null;
        this.core = ownsCore ? Core.create() : sharedCore;
        try {
            try (Model raw = core.readModel(info.xml(), info.bin())) {
                try (PrePostProcessor ppp = new PrePostProcessor(raw)) {
                    ppp.inputTensor(0, ElementType.U8, "NHWC", ColorFormat.BGR)
                            .inputConvertElementType(0, ElementType.F32);
                    if (info.rgb()) {
                        ppp.inputConvertColor(0, ColorFormat.RGB);
                    }
                    ppp.inputMean(0, info.mean()).inputScale(0, info.scale()).inputModelLayout(0, "NCHW");
                    try (Model model = ppp.build()) {
                        // f32 everywhere: CPUs with bf16 units would otherwise pick bf16 and break parity.
                        Map<String, String> props = new java.util.LinkedHashMap<>();
                        props.put("INFERENCE_PRECISION_HINT", "f32");
                        props.put("PERFORMANCE_HINT", "LATENCY");
                        props.putAll(properties);
                        compiled = core.compile(model, device, props);
                    }
                }
            }
            pool = new ArrayBlockingQueue<>(requests);
            for (int i = 0; i < requests; i++) {
                Slot s = new Slot(compiled.createInferRequest());
                slots.add(s);
                pool.add(s);
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    public ModelInfo info() {
        return info;
    }

    /** Classifies whole images as face crops. */
    public List<Prediction> classifyImages(List<BgrFrame> crops) {
        return classify(crops.stream().map(Crop::whole).toList());
    }

    /** Classifies the faces in one frame, cropping each box with the model's crop policy. */
    public List<Prediction> classifyFaces(BgrFrame frame, List<PixelBox> faces) {
        return classify(faces.stream().map(b -> new Crop(frame, FaceCrop.square(b, info.cropScale()))).toList());
    }

    /** Classifies crops in one batch; the result is in input order. */
    public List<Prediction> classify(List<Crop> crops) {
        return classify(crops, false);
    }

    /**
     * Classifies each crop and its left-right mirror image in one batch of twice the size and
     * averages the two probabilities (test-time augmentation, as {@code --mirror} asks for). The
     * result is in input order.
     */
    public List<Prediction> classifyMirrored(List<Crop> crops) {
        List<Prediction> both = classify(crops, true);
        int n = crops.size();
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] a = both.get(i).probs();
            float[] b = both.get(i + n).probs();
            float[] avg = new float[a.length];
            for (int k = 0; k < a.length; k++) {
                avg[k] = (a[k] + b[k]) / 2;
            }
            out.add(new Prediction(info.labels(), avg, (both.get(i).faceProb() + both.get(i + n).faceProb()) / 2));
        }
        return out;
    }

    /** One batch: the crops, then (when {@code mirrored}) each crop flipped left-right, in the same order. */
    private List<Prediction> classify(List<Crop> crops, boolean mirrored) {
        if (closed) {
            throw new IllegalStateException("classifier is closed");
        }
        if (crops.isEmpty()) {
            return List.of();
        }
        int faces = crops.size();
        int n = mirrored ? 2 * faces : faces;
        int w = info.width(), h = info.height();
        if (w != h) {
            throw new IllegalStateException("non-square model input " + w + "x" + h + " is not supported");
        }
        long perFace = (long) w * h * 3;
        Slot slot = take();
        try {
            MemorySegment buf = slot.buffer(n, perFace);
            for (int i = 0; i < faces; i++) {
                Crop c = crops.get(i);
                FaceCrop.resample(c.frame(), c.region(), w, buf, i * perFace);
                if (mirrored) {
                    FaceCrop.mirror(buf, i * perFace, w * 3L, buf, (faces + i) * perFace, w, w);
                }
            }
            float[] out;
            try (Tensor input = Tensor.wrap(ElementType.U8, new long[] {n, h, w, 3}, buf.asSlice(0, n * perFace))) {
                slot.request.setInputTensor(0, input);
                slot.request.infer();
                out = slot.request.outputFloats(0);
            }
            int k = info.outputs();
            if (out.length != (long) n * k) {
                throw new IllegalStateException("model returned " + out.length + " values for " + n + " faces × " + k + " outputs");
            }
            List<Prediction> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] p = new float[k];
                System.arraycopy(out, i * k, p, 0, k);
                result.add(Prediction.fromOutputs(info.labels(), p, info.notFace()));
            }
            return result;
        } finally {
            pool.add(slot);
        }
    }

    private Slot take() {
        try {
            Slot s = pool.take();
            if (closed) {
                pool.add(s);
                throw new IllegalStateException("classifier is closed");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an infer request", e);
        }
    }

    /** Waits for running batches (up to 10 s), then frees the native resources. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            for (int i = 0; i < slots.size(); i++) {
                try {
                    if (pool.poll(10, TimeUnit.SECONDS) == null) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        closed = true;
        for (Slot s : slots) {
            s.request.close();
            s.arena.close();
        }
        if (compiled != null) {
            compiled.close();
        }
        if (ownsCore && core != null) {
            core.close();
        }
    }
}
