package io.maskwatch.detector;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;
import io.maskwatch.openvino.ColorFormat;
import io.maskwatch.openvino.CompiledModel;
import io.maskwatch.openvino.Core;
import io.maskwatch.openvino.ElementType;
import io.maskwatch.openvino.InferRequest;
import io.maskwatch.openvino.Model;
import io.maskwatch.openvino.PartialShape;
import io.maskwatch.openvino.Port;
import io.maskwatch.openvino.PrePostProcessor;
import io.maskwatch.openvino.ResizeAlgorithm;
import io.maskwatch.openvino.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Finds faces in BGR frames with a BlazeFace model on OpenVINO, searching each frame at the
 * scales (and tiles) that {@link ScalePlanner} picks, and merging what all of them found.
 *
 * <p>Resize, BGR to RGB and the [-1, 1] scaling run inside the graph. The graph's input has a
 * dynamic batch, height and width, so one compiled model serves any frame size and any number of
 * tiles; models are compiled per model-input size and kept in a small cache.
 *
 * <p>Thread-safe: concurrent {@link #detect} calls each borrow their own infer request. The
 * detector owns its compiled models and requests and frees them in {@link #close()}; the
 * {@link Core} belongs to the caller.
 */
public final class FaceDetector implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FaceDetector.class.getName());
    private static final int CACHE_SIZE = 32;
    private static final double MAX_LOGIT = 100;
    private static final int CENTER_STRIDE = 4;

    private final Core core;
    private final Path modelFile;
    private final FaceDetectorOptions options;
    private final String device;
    private final ScalePlanner planner;
    private final LinkedHashMap<Long, Compiled> cache = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /**
     * @param core      the OpenVINO core to compile with; must outlive this detector
     * @param modelFile the {@link FaceModel#fileName()} file of {@code options.model()}
     */
    public FaceDetector(Core core, Path modelFile, FaceDetectorOptions options) {
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("face model file missing: " + modelFile + "; run bin/maskwatch setup");
        }
        this.core = core;
        this.modelFile = modelFile;
        this.options = options;
        this.device = Devices.check(core, options.device());
        this.planner = new ScalePlanner(options.model(), options.maxModelPixels());
        // Compile the native size now, so a broken model or device fails here rather than on the first frame.
        Compiled first = acquire(options.model().inputSize(), options.model().inputSize());
        release(first);
    }

    public FaceDetectorOptions options() {
        return options;
    }

    /** Faces at least {@link FaceDetectorOptions#minFaceFor} pixels tall, best first. */
    public List<Face> detect(BgrFrame frame) {
        return detect(frame, options.minFaceFor(frame.width(), frame.height()));
    }

    /** Faces at least {@code minFace} pixels tall, best first, in pixels of {@code frame}. */
    public List<Face> detect(BgrFrame frame, double minFace) {
        double maxFace = options.maxFace() > 0 ? options.maxFace() : Math.min(frame.width(), frame.height());
        List<Pass> passes = planner.plan(frame.width(), frame.height(), Math.min(minFace, maxFace), maxFace);
        List<Face> found = new ArrayList<>();
        for (Pass pass : passes) {
            run(frame, pass, found);
        }
        if (options.mirror()) {
            try (Arena arena = Arena.ofConfined()) {
                BgrFrame mirrored = Regions.mirror(frame, arena);
                List<Face> flipped = new ArrayList<>();
                for (Pass pass : passes) {
                    run(mirrored, pass, flipped);
                }
                for (Face f : flipped) {
                    PixelBox b = f.box();
                    found.add(new Face(new PixelBox(frame.width() - b.x2(), b.y1(), frame.width() - b.x1(), b.y2()), f.score()));
                }
            }
        }
        return options.weightedNms() ? Nms.weighted(found, options.nmsIou()) : Nms.hard(found, options.nmsIou());
    }

    /** The passes {@link #detect(BgrFrame, double)} would run, for logging and benchmarks. */
    public List<Pass> plan(int width, int height, double minFace) {
        double maxFace = options.maxFace() > 0 ? options.maxFace() : Math.min(width, height);
        return planner.plan(width, height, Math.min(minFace, maxFace), maxFace);
    }

    private void run(BgrFrame frame, Pass pass, List<Face> out) {
        Compiled c = acquire(pass.modelHeight(), pass.modelWidth());
        try (Arena arena = Arena.ofConfined()) {
            InferRequest request = c.borrow();
            try {
                int n = pass.origins().size();
                MemorySegment input;
                long[] shape;
                if (pass.isWholeFrame(frame.width(), frame.height()) && frame.isPacked() && frame.pixels().isNative()) {
                    input = frame.pixels();
                    shape = new long[] {1, frame.height(), frame.width(), 3};
                } else {
                    input = Regions.copy(frame, pass, arena);
                    shape = new long[] {n, pass.regionHeight(), pass.regionWidth(), 3};
                }
                float[][] outputs = new float[c.outputs.length][];
                try (Tensor t = Tensor.wrap(ElementType.U8, shape, input)) {
                    request.setInputTensor(0, t);
                    request.infer();
                    for (int i = 0; i < outputs.length; i++) {
                        outputs[i] = request.outputFloats(c.outputs[i]);
                    }
                }
                Sink sink = new Sink(frame, pass, out);
                if (options.model().head() == FaceModel.Head.BLAZEFACE) {
                    decodeBlazeFace(pass, c.anchors, outputs[0], outputs[1], sink);
                } else {
                    decodeCenterFace(pass, outputs[0], outputs[1], outputs[2], sink);
                }
            } finally {
                c.giveBack(request);
            }
        } finally {
            release(c);
        }
    }

    private double minLogit() {
        double t = options.scoreThreshold();
        return t <= 0 ? Double.NEGATIVE_INFINITY : Math.log(t / (1 - t));
    }

    /** SSD decoding: anchors are unit-sized, so regressor outputs are offsets and sizes in input pixels. */
    private void decodeBlazeFace(Pass pass, float[] anchors, float[] boxes, float[] logits, Sink sink) {
        int perRegion = anchors.length / 2;
        if (logits.length != perRegion * pass.origins().size()) {
            throw new IllegalStateException("detector returned " + logits.length + " scores for " + pass.origins().size()
                    + " regions of " + perRegion + " anchors");
        }
        double minLogit = minLogit();
        for (int r = 0; r < pass.origins().size(); r++) {
            for (int a = 0; a < perRegion; a++) {
                int i = r * perRegion + a;
                double logit = logits[i];
                if (logit < minLogit) {
                    continue;
                }
                double score = 1 / (1 + Math.exp(-Math.clamp(logit, -MAX_LOGIT, MAX_LOGIT)));
                int b = i * 16;
                sink.add(r, anchors[2 * a] + boxes[b], anchors[2 * a + 1] + boxes[b + 1], boxes[b + 2], boxes[b + 3], score);
            }
        }
    }

    /** CenterNet decoding at stride 4: a heatmap peak, a sub-cell offset and a log-size per cell. */
    private void decodeCenterFace(Pass pass, float[] heat, float[] logSize, float[] offset, Sink sink) {
        int rows = pass.modelHeight() / CENTER_STRIDE;
        int cols = pass.modelWidth() / CENTER_STRIDE;
        int plane = rows * cols;
        if (heat.length != plane * pass.origins().size()) {
            throw new IllegalStateException("detector returned a heatmap of " + heat.length + " cells for " + pass.origins().size()
                    + " regions of " + rows + "x" + cols);
        }
        double t = options.scoreThreshold();
        for (int r = 0; r < pass.origins().size(); r++) {
            for (int k = 0; k < plane; k++) {
                double score = heat[r * plane + k];
                if (score < t) {
                    continue;
                }
                int y = k / cols;
                int x = k % cols;
                int two = r * 2 * plane;
                double h = Math.exp(logSize[two + k]) * CENTER_STRIDE;
                double w = Math.exp(logSize[two + plane + k]) * CENTER_STRIDE;
                double cy = (y + offset[two + k] + 0.5) * CENTER_STRIDE;
                double cx = (x + offset[two + plane + k] + 0.5) * CENTER_STRIDE;
                sink.add(r, cx, cy, w, h, score);
            }
        }
    }

    /** Maps boxes from model input pixels of one region to frame pixels, dropping those outside the frame. */
    private final class Sink {
        private final BgrFrame frame;
        private final Pass pass;
        private final List<Face> out;
        private final double sx;
        private final double sy;

        Sink(BgrFrame frame, Pass pass, List<Face> out) {
            this.frame = frame;
            this.pass = pass;
            this.out = out;
            this.sx = (double) pass.regionWidth() / pass.modelWidth();
            this.sy = (double) pass.regionHeight() / pass.modelHeight();
        }

        void add(int region, double mcx, double mcy, double mw, double mh, double score) {
            double cx = pass.origins().get(region)[0] + mcx * sx;
            double cy = pass.origins().get(region)[1] + mcy * sy;
            double w = mw * sx;
            double h = mh * sy;
            if (!(w > 0 && h > 0) || cx < 0 || cy < 0 || cx >= frame.width() || cy >= frame.height()) {
                return;
            }
            PixelBox box = options.calibration().apply(cx, cy, w, h);
            out.add(new Face(new PixelBox(Math.max(0, box.x1()), Math.max(0, box.y1()),
                    Math.min(frame.width(), box.x2()), Math.min(frame.height(), box.y2())), score));
        }
    }

    private synchronized Compiled acquire(int height, int width) {
        if (closed) {
            throw new IllegalStateException("face detector is closed");
        }
        long key = ((long) height << 32) | width;
        Compiled c = cache.get(key);
        if (c == null) {
            c = compile(height, width);
            cache.put(key, c);
            evictBeyond(CACHE_SIZE);
        }
        c.users++;
        return c;
    }

    private synchronized void release(Compiled c) {
        c.users--;
        if (c.evicted && c.users == 0) {
            c.close();
        }
    }

    private void evictBeyond(int size) {
        Iterator<Compiled> it = cache.values().iterator();
        while (cache.size() > size && it.hasNext()) {
            Compiled old = it.next();
            it.remove();
            old.evicted = true;
            if (old.users == 0) {
                old.close();
            }
        }
    }

    private Compiled compile(int height, int width) {
        FaceModel fm = options.model();
        LOG.log(System.Logger.Level.DEBUG, "compiling {0} for {1}x{2} input on {3}", fm.id(), width, height, device);
        boolean blaze = fm.head() == FaceModel.Head.BLAZEFACE;
        try (Model raw = core.readModel(modelFile)) {
            if (!blaze) {
                raw.reshape(PartialShape.of(1, 3, height, width));
            } else if (height != fm.inputSize() || width != fm.inputSize()) {
                raw.reshape(PartialShape.of(1, height, width, 3));
            }
            try (PrePostProcessor ppp = new PrePostProcessor(raw)) {
                // The placeholder size differs from the model's so the resize step is kept; the input is
                // made fully dynamic right after building.
                ppp.inputTensor(0, ElementType.U8, "NHWC", ColorFormat.BGR)
                        .inputSpatialStaticShape(0, height + 1L, width + 1L)
                        .inputConvertElementType(0, ElementType.F32)
                        .inputConvertColor(0, ColorFormat.RGB)
                        .inputResize(0, ResizeAlgorithm.LINEAR);
                if (blaze) {
                    ppp.inputMean(0, 127.5f).inputScale(0, 127.5f).inputModelLayout(0, "NHWC");
                } else {
                    ppp.inputModelLayout(0, "NCHW");
                }
                try (Model built = ppp.build()) {
                    built.reshape(PartialShape.of(-1, -1, -1, 3));
                    CompiledModel compiled = core.compile(built, device, Map.of("PERFORMANCE_HINT", "LATENCY"));
                    return new Compiled(compiled, fm, blaze ? fm.anchors(height, width) : null);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        evictBeyond(0);
    }

    /** A model compiled for one input size, with its idle infer requests. */
    private static final class Compiled {
        final CompiledModel model;
        final float[] anchors;
        /** Output indexes in the order the decoder takes them. */
        final int[] outputs;
        final ConcurrentLinkedDeque<InferRequest> idle = new ConcurrentLinkedDeque<>();
        final List<InferRequest> all = new ArrayList<>();
        int users;
        boolean evicted;

        Compiled(CompiledModel model, FaceModel kind, float[] anchors) {
            this.model = model;
            this.anchors = anchors;
            try {
                this.outputs = outputOrder(model.outputs(), kind);
            } catch (IllegalStateException e) {
                model.close();
                throw e;
            }
        }

        /** BlazeFace: regressors (last dim 16), logits (last dim 1). CenterFace: heatmap, size, offset (channels 1, 2, 2). */
        private static int[] outputOrder(List<Port> ports, FaceModel kind) {
            if (kind.head() == FaceModel.Head.BLAZEFACE) {
                int boxes = -1;
                int scores = -1;
                for (Port p : ports) {
                    long last = p.shape().dims().getLast().max();
                    if (last == 16) {
                        boxes = p.index();
                    } else if (last == 1) {
                        scores = p.index();
                    }
                }
                if (boxes < 0 || scores < 0) {
                    throw new IllegalStateException("face model outputs " + ports + " are not BlazeFace's [1,N,16] and [1,N,1]");
                }
                return new int[] {boxes, scores};
            }
            int heat = -1;
            List<Integer> pairs = new ArrayList<>();
            for (Port p : ports) {
                long channels = p.shape().dims().get(1).max();
                if (channels == 1 && heat < 0) {
                    heat = p.index();
                } else if (channels == 2) {
                    pairs.add(p.index());
                }
            }
            if (heat < 0 || pairs.size() != 2) {
                throw new IllegalStateException("face model outputs " + ports + " are not CenterFace's heatmap, size and offset");
            }
            return new int[] {heat, pairs.get(0), pairs.get(1)};
        }

        InferRequest borrow() {
            InferRequest r = idle.pollFirst();
            if (r == null) {
                r = model.createInferRequest();
                synchronized (all) {
                    all.add(r);
                }
            }
            return r;
        }

        void giveBack(InferRequest r) {
            idle.addFirst(r);
        }

        void close() {
            synchronized (all) {
                all.forEach(InferRequest::close);
                all.clear();
            }
            idle.clear();
            model.close();
        }
    }
}
