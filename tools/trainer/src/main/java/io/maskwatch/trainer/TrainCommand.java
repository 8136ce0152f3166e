package io.maskwatch.trainer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.MaskLabel;
import io.maskwatch.classifier.Prediction;
import io.maskwatch.cli.Progress;
import io.maskwatch.cli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code train}: data → MobileNetV2 → IR + model.json + history + reports in {@code --out}. */
public final class TrainCommand {

    static final float MEAN = 127.5f;
    static final float SCALE = 127.5f;
    private static final float WEIGHT_DECAY = 1e-4f;
    /**
     * Training crops of faces with a box are cut this many times wider than the policy's square
     * ({@link Augmenter}'s context): enough that zooming out by 1/0.85, shifting by 8 % and
     * rotating by 12° stay inside, at twice the input's resolution over the square.
     */
    static final double TRAIN_CONTEXT = 1.5;
    private static final float SGD_MOMENTUM = 0.9f;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainOptions opt;
    private final PrintStream err;
    private final List<String> labels;
    /** How whole photos were cropped, for model.json; null when no image was run through the face detector. */
    private String photoRule;
    private String notFaceRule;
    /** The no_mask logit shift chosen on val and folded into the classifier's bias. */
    private LogitShift logitShift = LogitShift.NONE;

    /** A face ready for training (crop at twice the input size) or evaluation (crop at input size). */
    record Prepared(Sample sample, String dataset, int label, byte[] pixels) {
    }

    public TrainCommand(TrainOptions opt, PrintStream err) {
        this.opt = opt;
        this.err = err;
        List<String> l = new ArrayList<>(opt.threeClass() ? List.of("mask", "no_mask", "mask_incorrect") : List.of("mask", "no_mask"));
        if (opt.notFaces()) {
            l.add(NotFaces.LABEL); // last, so that the face labels keep their indices in face-only views
        }
        this.labels = List.copyOf(l);
    }

    public List<String> labels() {
        return labels;
    }

    public void run() throws IOException, ai.djl.MalformedModelException {
        long t0 = System.nanoTime();
        PretrainedWeights pretrained = opt.pretrained() == null ? null : PretrainedWeights.read(opt.pretrained());
        prepareOut();
        List<DataSource> sources = new ArrayList<>();
        for (Path d : opt.data()) {
            sources.add(DataSource.open(d, opt.seed(), opt.valFraction(), opt.testFraction(), opt.threeClass()));
        }
        checkClasses(sources);
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            // Busy-waiting OpenMP threads slowed training about 10x when other jobs shared the cores.
            err.println("note: OMP_WAIT_POLICY is not set; on a shared machine export OMP_WAIT_POLICY=PASSIVE");
        }
        if (opt.maxPerClass() > 0) {
            sources.forEach(this::limit);
        }
        if (opt.photoFaces()) {
            cropWholePhotos(sources);
        }
        if (opt.notFaces()) {
            mineNotFaces(sources);
        }
        int size = opt.inputSize();
        Map<DataSource.Part, List<Prepared>> data = new EnumMap<>(DataSource.Part.class);
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        for (DataSource.Part p : DataSource.Part.values()) {
            List<Prepared> all = new ArrayList<>();
            for (DataSource ds : sources) {
                boolean train = p == DataSource.Part.TRAIN;
                all.addAll(load(ds.name(), ds.part(p), train ? trainBase(size) : size,
                        train ? opt.cropScale() * TRAIN_CONTEXT : opt.cropScale(), skipped, p.wire()));
            }
            data.put(p, all);
        }
        if (!skipped.isEmpty()) {
            err.println("warning: skipped " + skipped.size() + " unreadable image(s):");
            skipped.stream().sorted().forEach(s -> err.println("  " + s));
        }
        if (data.get(DataSource.Part.TRAIN).isEmpty()) {
            throw new UsageException("no readable training images");
        }
        err.printf(Locale.ROOT, "data: train %d, val %d, test %d samples (%s)%n", data.get(DataSource.Part.TRAIN).size(),
                data.get(DataSource.Part.VAL).size(), data.get(DataSource.Part.TEST).size(),
                String.join(", ", sources.stream().map(DataSource::name).toList()));

        Engines.start();
        Engine.getInstance().setRandomSeed((int) opt.seed());
        MobileNetV2 net = new MobileNetV2(opt.widthMult(), labels.size(), opt.dropout());
        List<HistoryPlot.Epoch> history = new ArrayList<>();
        Map<String, ClassificationReport> reports = new LinkedHashMap<>();
        Map<String, ObjectNode> perDataset = new LinkedHashMap<>();
        double trainSeconds;
        ObjectNode parity = JSON.createObjectNode();
        List<Prepared> paritySet = List.of();
        Eval parityRef = null;
        try (Model model = Model.newInstance("maskwatch-classifier", Device.cpu())) {
            model.setBlock(net.block());
            Path weights = opt.fromParams() != null ? opt.fromParams() : opt.initParams();
            if (weights != null) {
                // Before the trainer exists: Trainer.initialize caches the parameter arrays it sees.
                model.load(weights, "maskwatch-classifier");
            }
            List<Prepared> train = balanced(data.get(DataSource.Part.TRAIN));
            int stepsPerEpoch = (train.size() + opt.batchSize() - 1) / opt.batchSize();
            int totalSteps = stepsPerEpoch * opt.epochs();
            Tracker lr = Tracker.warmUp()
                    .optWarmUpBeginValue(opt.learningRate() / 10)
                    .optWarmUpSteps(Math.min(stepsPerEpoch, totalSteps / 4))
                    .setMainTracker(Tracker.cosine().setBaseValue(opt.learningRate())
                            .optFinalValue(opt.learningRate() / 100).setMaxUpdates(totalSteps).build())
                    .build();
            ParameterTracker rates = opt.layerLrDecay() < 1 ? new LayerwiseLearningRate(lr, net, opt.layerLrDecay()) : lr;
            Optimizer optimizer = opt.optimizer().equals("sgd")
                    ? Optimizer.sgd().setLearningRateTracker(rates).optMomentum(SGD_MOMENTUM).optWeightDecays(WEIGHT_DECAY).build()
                    : Optimizer.adam().optLearningRateTracker(rates).optWeightDecays(WEIGHT_DECAY).build();
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, 3, size, size));
                if (pretrained != null) {
                    int n = pretrained.loadInto(net);
                    err.printf(Locale.ROOT, "feature layers start from %s (%d tensors)%n", opt.pretrained(), n);
                }
                if (opt.fromParams() != null) {
                    history.addAll(HistoryPlot.readCsv(opt.fromParams().resolveSibling("history.csv")));
                    trainSeconds = history.stream().mapToDouble(HistoryPlot.Epoch::seconds).sum();
                    err.printf(Locale.ROOT, "loaded weights from %s (%d epochs of history)%n", opt.fromParams(), history.size());
                } else {
                    long tTrain = System.nanoTime();
                    Progress progress = new Progress(err, "train", (long) train.size() * opt.epochs());
                    Augmenter aug = new Augmenter(size, MEAN, SCALE, opt.cropScale(), opt.boxCrops(), opt.marginCrops(), TRAIN_CONTEXT);
                    int step = 0;
                    try (WeightAverage average = opt.weightAverage() > 0 ? new WeightAverage(net.block(), opt.weightAverage()) : null) {
                        for (int epoch = 1; epoch <= opt.epochs(); epoch++) {
                            long te = System.nanoTime();
                            Pass pass = trainEpoch(trainer, train, aug, epoch, progress, average);
                            step += pass.steps();
                            Eval val = evaluate(trainer, data.get(DataSource.Part.VAL));
                            double seconds = (System.nanoTime() - te) / 1e9;
                            history.add(new HistoryPlot.Epoch(epoch, pass.loss(), pass.accuracy(), val.loss(), val.accuracy(),
                                    lr.getNewValue(step), seconds));
                            err.printf(Locale.ROOT, "epoch %d/%d: loss %.4f accuracy %.4f val_loss %.4f val_accuracy %.4f (%.0f s)%n",
                                    epoch, opt.epochs(), pass.loss(), pass.accuracy(), val.loss(), val.accuracy(), seconds);
                            Files.writeString(opt.out().resolve("history.csv"), HistoryPlot.csv(history));
                        }
                        if (average != null) {
                            // The history's val columns follow the last step's weights; everything
                            // from here on (shift, reports, export) uses the average.
                            average.copyIntoNetwork();
                            err.printf(Locale.ROOT, "exporting the moving average of the weights (decay %s, %d steps)%n",
                                    opt.weightAverage(), average.updates());
                        }
                    }
                    trainSeconds = (System.nanoTime() - tTrain) / 1e9;
                    model.save(opt.out().resolve("djl"), "maskwatch-classifier");
                }

                logitShift = calibrate(trainer, net, data.get(DataSource.Part.VAL));
                for (DataSource.Part p : List.of(DataSource.Part.VAL, DataSource.Part.TEST)) {
                    List<Prepared> part = data.get(p);
                    if (part.isEmpty()) {
                        continue;
                    }
                    Eval all = evaluate(trainer, part);
                    Eval e = all.faces(faceLabels());
                    reports.put(p.wire(), e.report(faceLabels()));
                    if (opt.notFaces()) {
                        reports.put(p.wire() + ":" + NotFaces.LABEL, all.faceOrNot(labels.indexOf(NotFaces.LABEL)));
                    }
                    for (DataSource ds : sources) {
                        Eval sub = e.only(ds.name());
                        if (sub.count() > 0) {
                            ClassificationReport r = sub.report(faceLabels());
                            reports.put(p.wire() + ":" + ds.name(), r);
                            perDataset.computeIfAbsent(ds.name(), k -> JSON.createObjectNode())
                                    .set(p.wire(), summary(r));
                        }
                    }
                }
                IrExporter.export(net, size, opt.out().resolve("model.xml"), opt.out().resolve("model.bin"));
                paritySet = data.get(DataSource.Part.TEST).isEmpty() ? data.get(DataSource.Part.VAL) : data.get(DataSource.Part.TEST);
                parityRef = evaluate(trainer, paritySet);
            }
        }
        Files.writeString(opt.out().resolve("history.csv"), HistoryPlot.csv(history));
        HistoryPlot.write(history, opt.out().resolve("history.png"));
        writeReports(reports);
        for (DataSource ds : sources) {
            if (ds.layout() != DataSource.Layout.IMAGEFOLDER_SPLIT) {
                SplitFile.write(opt.out().resolve(SplitFile.fileName(ds.name())), ds, opt.seed(),
                        opt.valFraction(), opt.testFraction());
            }
        }
        writeModelJson(sources, data, history, reports, perDataset, parity, trainSeconds, (System.nanoTime() - t0) / 1e9);
        if (opt.parity()) {
            // The classifier reads model.json, so parity runs once it is written, then is added to it.
            parity = checkParity(paritySet, parityRef);
            writeModelJson(sources, data, history, reports, perDataset, parity, trainSeconds, (System.nanoTime() - t0) / 1e9);
        }
        err.println();
        err.print(HistoryPlot.table(history));
        for (var e : reports.entrySet()) {
            if (!e.getKey().contains(":")) {
                err.println();
                err.println("== " + e.getKey() + " ==");
                err.print(e.getValue().toText());
            }
        }
        err.printf(Locale.ROOT, "trained in %s (total %s); model in %s%n", Progress.clock(trainSeconds),
                Progress.clock((System.nanoTime() - t0) / 1e9), opt.out());
    }

    private void prepareOut() throws IOException {
        Path out = opt.out();
        if (Files.isDirectory(out)) {
            boolean empty;
            try (Stream<Path> s = Files.list(out)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !opt.force()) {
                throw new UsageException("--out " + out + " is not empty; pass --force to overwrite");
            }
        } else if (Files.exists(out)) {
            throw new UsageException("--out " + out + " is a file, not a folder");
        }
        Files.createDirectories(out);
    }

    private void checkClasses(List<DataSource> sources) {
        java.util.Set<MaskLabel> seen = java.util.EnumSet.noneOf(MaskLabel.class);
        for (DataSource ds : sources) {
            ds.part(DataSource.Part.TRAIN).forEach(s -> seen.add(s.label()));
        }
        if (seen.size() < 2) {
            throw new UsageException("the training data has a single class (" + seen.stream().map(MaskLabel::wireName).toList()
                    + "); it needs both mask and no_mask");
        }
    }

    /** Gives whole photos in ImageFolder datasets the face box the project's detector finds; see {@link PhotoFaces}. */
    private void cropWholePhotos(List<DataSource> sources) {
        List<DataSource> folders = sources.stream().filter(ds -> ds.layout() != DataSource.Layout.VOC).toList();
        if (folders.isEmpty()) {
            return;
        }
        try (PhotoFaces faces = PhotoFaces.open(Cli.home())) {
            for (DataSource ds : folders) {
                for (DataSource.Part p : DataSource.Part.values()) {
                    ds.replace(p, faces.locate(ds.part(p), err, ds.name() + " " + p.wire()));
                }
            }
            photoRule = faces.describe();
        }
    }

    /** Keeps at most maxPerClass samples of each class in each part: for quick runs and CI. */
    private void limit(DataSource ds) {
        for (DataSource.Part p : DataSource.Part.values()) {
            List<Sample> part = ds.part(p);
            Map<MaskLabel, List<Sample>> byClass = new EnumMap<>(MaskLabel.class);
            part.forEach(s -> byClass.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s));
            part.clear();
            for (List<Sample> cls : byClass.values()) {
                Collections.shuffle(cls, new Random(opt.seed()));
                part.addAll(cls.subList(0, Math.min(opt.maxPerClass(), cls.size())));
            }
        }
    }

    /** The labels of faces: every label but {@value NotFaces#LABEL}, in output order. */
    private List<String> faceLabels() {
        return labels.stream().filter(l -> !l.equals(NotFaces.LABEL)).toList();
    }

    /**
     * Adds the not-face candidates of every Pascal VOC dataset to each of its parts ({@link NotFaces}),
     * as many as the part's largest face class at most. {@link #balanced} fills not_face to that size
     * like any class, so a full cap gives each candidate one place an epoch; fewer candidates are repeated.
     */
    private void mineNotFaces(List<DataSource> sources) {
        List<DataSource> voc = sources.stream().filter(ds -> ds.layout() == DataSource.Layout.VOC).toList();
        if (voc.isEmpty()) {
            throw new UsageException("--not-faces needs a Pascal VOC dataset (images/ + annotations/) to find not-face candidates in");
        }
        try (NotFaces notFaces = NotFaces.open(Cli.home())) {
            for (DataSource ds : voc) {
                for (DataSource.Part p : DataSource.Part.values()) {
                    List<Sample> faces = ds.part(p);
                    int cap = faces.stream().collect(Collectors.groupingBy(Sample::label, Collectors.counting()))
                            .values().stream().mapToInt(Long::intValue).max().orElse(0);
                    List<Sample> mined = notFaces.mine(ds, faces, cap, opt.seed(), err, ds.name() + " " + p.wire());
                    List<Sample> both = new ArrayList<>(faces);
                    both.addAll(mined);
                    ds.replace(p, both);
                }
            }
            notFaceRule = notFaces.describe(opt.seed());
        }
    }

    /** The side of a stored training crop: the policy's square at twice the input size, plus the context around it. */
    static int trainBase(int size) {
        return (int) Math.round(2 * size * TRAIN_CONTEXT);
    }

    private List<Prepared> load(String dataset, List<Sample> samples, int cropSize, double cropScale, List<String> skipped, String part) {
        Map<Path, List<Sample>> byImage = new LinkedHashMap<>();
        samples.forEach(s -> byImage.computeIfAbsent(s.image(), k -> new ArrayList<>()).add(s));
        Map<Sample, byte[]> crops = new ConcurrentHashMap<>();
        Progress progress = new Progress(err, "load " + dataset + " " + part, byImage.size());
        List<Path> images = new ArrayList<>(byImage.keySet());
        try (ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            pool.submit(() -> images.parallelStream().forEach(img -> {
                try {
                    BgrFrame frame = Images.decode(img);
                    for (Sample s : byImage.get(img)) {
                        crops.put(s, Images.crop(s, frame, cropSize, cropScale));
                    }
                } catch (IOException | RuntimeException e) {
                    skipped.add(img + ": " + e.getMessage());
                }
                synchronized (progress) {
                    progress.advance(1, null);
                }
            })).join();
        }
        List<Prepared> out = new ArrayList<>();
        for (Sample s : samples) {
            byte[] px = crops.get(s);
            if (px != null) {
                out.add(new Prepared(s, dataset, labels.indexOf(s.className()), px));
            }
        }
        return out;
    }

    /**
     * Oversamples the minority classes of each dataset up to its majority class, so that e.g. the
     * few no-mask faces in crowd photos weigh as much as the many masked ones.
     */
    static List<Prepared> balanced(List<Prepared> train) {
        Map<String, Map<Integer, List<Prepared>>> groups = new LinkedHashMap<>();
        for (Prepared p : train) {
            groups.computeIfAbsent(p.dataset(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(p.label(), k -> new ArrayList<>()).add(p);
        }
        List<Prepared> out = new ArrayList<>();
        for (Map<Integer, List<Prepared>> byClass : groups.values()) {
            int max = byClass.values().stream().mapToInt(List::size).max().orElse(0);
            for (List<Prepared> cls : byClass.values()) {
                for (int i = 0; i < max; i++) {
                    out.add(cls.get(i % cls.size()));
                }
            }
        }
        return out;
    }

    private record Batch(float[] x, int[] y) {
    }

    private Runnable producer(List<Prepared> train, Augmenter aug, BlockingQueue<Batch> queue, SplittableRandom rnd) {
        return () -> {
            int size = opt.inputSize();
            int n = train.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int plane = 3 * size * size;
            try {
                for (int start = 0; start < n; start += opt.batchSize()) {
                    int bs = Math.min(opt.batchSize(), n - start);
                    float[] x = new float[bs * plane];
                    int[] y = new int[bs];
                    for (int i = 0; i < bs; i++) {
                        Prepared p = train.get(order[start + i]);
                        aug.augment(p.pixels(), trainBase(size), p.sample().face(), rnd, x, i * plane);
                        y[i] = p.label();
                    }
                    queue.put(new Batch(x, y));
                }
                queue.put(new Batch(new float[0], new int[0]));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Probabilities for each sample, computed by the trainer in inference mode. */
    record Eval(List<Prepared> samples, float[][] probs) {
        int count() {
            return samples.size();
        }

        double loss() {
            double s = 0;
            for (int i = 0; i < probs.length; i++) {
                s -= Math.log(Math.max(1e-12, probs[i][samples.get(i).label()]));
            }
            return probs.length == 0 ? 0 : s / probs.length;
        }

        double accuracy() {
            long correct = 0;
            for (int i = 0; i < probs.length; i++) {
                correct += argmax(probs[i]) == samples.get(i).label() ? 1 : 0;
            }
            return probs.length == 0 ? 0 : (double) correct / probs.length;
        }

        ClassificationReport report(List<String> labels) {
            int[] truth = new int[probs.length], pred = new int[probs.length];
            for (int i = 0; i < probs.length; i++) {
                truth[i] = samples.get(i).label();
                pred[i] = argmax(probs[i]);
            }
            return ClassificationReport.of(labels, truth, pred);
        }

        /**
         * The faces only, with the probabilities of the face labels (the first {@code faceLabels.size()}
         * outputs) renormalised: how the detection engine reads the classifier for a face it keeps.
         */
        Eval faces(List<String> faceLabels) {
            List<MaskLabel> labels = faceLabels.stream().map(MaskLabel::parse).toList();
            List<Prepared> s = new ArrayList<>();
            List<float[]> p = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).sample().isFace()) {
                    s.add(samples.get(i));
                    p.add(Prediction.fromOutputs(labels, probs[i], probs[i].length > labels.size()).probs());
                }
            }
            return new Eval(s, p.toArray(new float[0][]));
        }

        /** Face against not face over every sample: does the classifier tell the candidates apart? */
        ClassificationReport faceOrNot(int notFace) {
            int[] truth = new int[probs.length], pred = new int[probs.length];
            for (int i = 0; i < probs.length; i++) {
                truth[i] = samples.get(i).label() == notFace ? 1 : 0;
                pred[i] = argmax(probs[i]) == notFace ? 1 : 0;
            }
            return ClassificationReport.of(List.of("face", NotFaces.LABEL), truth, pred);
        }

        Eval only(String dataset) {
            List<Prepared> s = new ArrayList<>();
            List<float[]> p = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).dataset().equals(dataset)) {
                    s.add(samples.get(i));
                    p.add(probs[i]);
                }
            }
            return new Eval(s, p.toArray(new float[0][]));
        }
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    float[][] predict(Trainer trainer, float[] x, int n) {
        int size = opt.inputSize();
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray in = input(m, x, n, size);
            NDArray probs = trainer.evaluate(new NDList(in)).singletonOrThrow().softmax(1);
            float[] flat = probs.toFloatArray();
            int k = labels.size();
            float[][] out = new float[n][k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * k, out[i], 0, k);
            }
            return out;
        }
    }

    static float[] tensor(List<Prepared> batch, int size) {
        int plane = 3 * size * size;
        float[] x = new float[batch.size() * plane];
        for (int i = 0; i < batch.size(); i++) {
            Images.toRgbHwc(batch.get(i).pixels(), size, MEAN, SCALE, x, i * plane);
        }
        return x;
    }

    /**
     * The network input from n interleaved RGB images: an NCHW view of NHWC memory. PyTorch then
     * runs every layer channels-last, and oneDNN skips the reorders to and from its blocked
     * layout, which took more time than the convolutions (training 44-49 against 58-75 images/s at
     * 112 px on an AVX2 EPYC core pair; see models/mask-classifier/README.md).
     */
    static NDArray input(NDManager m, float[] hwc, int n, int size) {
        return m.create(hwc, new Shape(n, size, size, 3)).transpose(0, 3, 1, 2);
    }

    /** Loss and accuracy over one epoch of augmented training batches, and the optimiser steps taken. */
    private record Pass(double loss, double accuracy, int steps) {
    }

    private Pass trainEpoch(Trainer trainer, List<Prepared> train, Augmenter aug, int epoch, Progress progress,
                            WeightAverage average) throws IOException {
        int size = opt.inputSize();
        double lossSum = 0;
        long correct = 0, seen = 0;
        int steps = 0;
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
        Thread producer = Thread.ofPlatform().daemon().name("augment").start(
                producer(train, aug, queue, new SplittableRandom(opt.seed() * 1000 + epoch)));
        try {
            while (true) {
                Batch b = queue.take();
                if (b.y().length == 0) {
                    break;
                }
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray x = input(m, b.x(), b.y().length, size);
                    NDArray y = m.create(b.y()).toType(DataType.INT64, false);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                        gc.backward(loss);
                        lossSum += loss.getFloat() * b.y().length;
                        int[] pred = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                        for (int i = 0; i < pred.length; i++) {
                            correct += pred[i] == b.y()[i] ? 1 : 0;
                        }
                    }
                    trainer.step();
                    steps++;
                    if (average != null) {
                        average.update();
                    }
                }
                seen += b.y().length;
                progress.advance(b.y().length, String.format(Locale.ROOT, "epoch %d/%d loss %.4f acc %.4f",
                        epoch, opt.epochs(), lossSum / seen, (double) correct / seen));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            producer.interrupt();
        }
        return new Pass(lossSum / seen, (double) correct / seen, steps);
    }

    private Eval evaluate(Trainer trainer, List<Prepared> samples) {
        float[][] probs = new float[samples.size()][];
        int bs = 64;
        for (int start = 0; start < samples.size(); start += bs) {
            List<Prepared> batch = samples.subList(start, Math.min(samples.size(), start + bs));
            float[][] p = predict(trainer, tensor(batch, opt.inputSize()), batch.size());
            System.arraycopy(p, 0, probs, start, p.length);
        }
        return new Eval(samples, probs);
    }

    /**
     * Chooses the no_mask logit shift on val ({@link LogitShift}) and adds it to the classifier's
     * bias, so the reports, the exported IR and parity all use the corrected decision. The saved
     * {@code djl} weights stay as trained; {@code --from-params} chooses the same shift again.
     */
    private LogitShift calibrate(Trainer trainer, MobileNetV2 net, List<Prepared> val) {
        int noMask = labels.indexOf(MaskLabel.NO_MASK.wireName());
        Eval faces = evaluate(trainer, val).faces(faceLabels());
        LogitShift s = LogitShift.choose(faces.samples(), faces.probs(), noMask);
        if (s.shift() != 0) {
            NDArray bias = net.classifier().getParameters().get("bias").getArray();
            bias.set(new NDIndex(noMask), bias.getFloat(noMask) + (float) s.shift());
        }
        if (!val.isEmpty()) {
            err.printf(Locale.ROOT, "no_mask logit shift %+.2f chosen on val: mean balanced accuracy %.4f -> %.4f%n",
                    s.shift(), s.valBefore(), s.valAfter());
        }
        return s;
    }

    private ObjectNode checkParity(List<Prepared> samples, Eval ref) {
        ObjectNode node = JSON.createObjectNode();
        double maxDiff = Parity.maxAbsDiff(opt.out().resolve("model.xml"), samples, ref.probs(), opt.inputSize());
        node.put("max_abs_diff", maxDiff);
        node.put("samples", samples.size());
        node.put("tolerance", Parity.TOLERANCE);
        err.printf(Locale.ROOT, "parity: OpenVINO IR vs trainer on %d faces, max abs difference %.2e%n", samples.size(), maxDiff);
        if (!(maxDiff <= Parity.TOLERANCE)) {
            throw new IllegalStateException("exported IR disagrees with the trainer: max abs difference " + maxDiff);
        }
        return node;
    }

    static ObjectNode summary(ClassificationReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("accuracy", r.accuracy());
        o.put("balanced_accuracy", r.balancedAccuracy());
        o.put("macro_f1", r.macroF1());
        o.put("support", r.total());
        return o;
    }

    private void writeReports(Map<String, ClassificationReport> reports) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        StringBuilder txt = new StringBuilder();
        for (var e : reports.entrySet()) {
            root.set(e.getKey(), e.getValue().toJson(JSON));
            txt.append("== ").append(e.getKey()).append(" ==\n").append(e.getValue().toText()).append('\n');
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(opt.out().resolve("report.json").toFile(), root);
        Files.writeString(opt.out().resolve("report.txt"), txt.toString());
    }

    private void writeModelJson(List<DataSource> sources, Map<DataSource.Part, List<Prepared>> data,
                                List<HistoryPlot.Epoch> history, Map<String, ClassificationReport> reports,
                                Map<String, ObjectNode> perDataset, ObjectNode parity,
                                double trainSeconds, double totalSeconds) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", io.maskwatch.classifier.ModelInfo.FORMAT);
        root.put("name", "maskwatch-mask-classifier");
        ObjectNode ir = root.putObject("ir");
        ir.put("xml", "model.xml");
        ir.put("bin", "model.bin");
        ObjectNode arch = root.putObject("architecture");
        arch.put("name", "MobileNetV2");
        arch.put("width_mult", opt.widthMult());
        arch.put("features", 1280);
        ObjectNode input = root.putObject("input");
        input.put("name", IrExporter.INPUT_NAME);
        input.put("width", opt.inputSize());
        input.put("height", opt.inputSize());
        input.put("layout", "NCHW");
        input.put("element_type", "f32");
        input.put("colour_order", "RGB");
        ArrayNode mean = input.putArray("mean");
        ArrayNode scale = input.putArray("scale");
        for (int i = 0; i < 3; i++) {
            mean.add(MEAN);
            scale.add(SCALE);
        }
        input.put("note", "value = (u8 - mean) / scale per channel, so the network sees [-1, 1]");
        ObjectNode output = root.putObject("output");
        output.put("name", IrExporter.OUTPUT_NAME);
        output.put("kind", "softmax probabilities in label order");
        ObjectNode crop = root.putObject("crop");
        crop.put("square", true);
        crop.put("scale", opt.cropScale());
        crop.put("outside", "black");
        crop.put("resample", "bilinear, averaging ceil(shrink) taps per axis when shrinking");
        if (photoRule != null) {
            crop.put("whole_photos", photoRule);
        }
        if (notFaceRule != null) {
            output.put(NotFaces.LABEL, "the last output: the probability that the candidate is not a face; the face labels' "
                    + "probabilities are read renormalised without it");
        }
        ObjectNode shift = root.putObject("calibration");
        shift.put("no_mask_logit_shift", logitShift.shift());
        shift.put("folded_into", "the bias of the final dense layer (the exported model includes it)");
        shift.put("chosen_on", "val split: the smallest shift whose mean per-dataset balanced accuracy is within one standard error of the best");
        if (!Double.isNaN(logitShift.valBefore())) {
            shift.put("val_mean_balanced_accuracy_before", logitShift.valBefore());
            shift.put("val_mean_balanced_accuracy_after", logitShift.valAfter());
        }
        ArrayNode lab = root.putArray("labels");
        labels.forEach(lab::add);

        ObjectNode tr = root.putObject("training");
        tr.put("finished", Instant.now().toString());
        tr.put("trainer", "maskwatch-trainer (DJL 0.36.0, PyTorch 2.7.1 CPU), "
                + (opt.pretrained() != null ? "feature layers from ImageNet-pretrained MobileNetV2 1.0 (" + PretrainedWeights.SOURCE + ")"
                        : opt.initParams() != null || opt.fromParams() != null ? "weights of an earlier run"
                        : "from scratch, no pretrained weights"));
        tr.put("epochs", history.size()); // one history row per epoch trained, also when the weights come from --from-params
        tr.put("batch_size", opt.batchSize());
        tr.put("optimizer", (opt.optimizer().equals("sgd") ? "SGD, momentum " + SGD_MOMENTUM : "Adam")
                + ", weight decay 1e-4, linear warm-up then cosine from " + opt.learningRate());
        // Every setting is written, also at its "off" value, so two model.json files can be compared field by field.
        tr.put("layer_lr_decay", opt.layerLrDecay());
        tr.put("dropout", opt.dropout());
        tr.put("box_crops", opt.boxCrops());
        tr.put("margin_crops", opt.marginCrops());
        tr.put("not_faces", notFaceRule == null ? "none" : notFaceRule);
        tr.put("weight_average_decay", opt.weightAverage());
        tr.put("seed", opt.seed());
        tr.put("val_fraction", opt.valFraction());
        tr.put("test_fraction", opt.testFraction());
        tr.put("max_per_class", opt.maxPerClass());
        if (opt.initParams() != null) {
            tr.put("init_params", Cli.fromHome(opt.initParams()));
        }
        if (opt.pretrained() != null) {
            tr.put("pretrained", Cli.fromHome(opt.pretrained()));
        }
        if (opt.fromParams() != null) {
            tr.put("from_params", Cli.fromHome(opt.fromParams()));
        }
        tr.put("train_crop_context", TRAIN_CONTEXT);
        tr.put("balancing", "minority classes oversampled to the majority class within each dataset");
        tr.put("augmentation", "flip, scale 0.85-1.15, shift 8%, rotation 12 deg, low resolution 20-80% (p 0.3), blur (p 0.15), "
                + "grayscale (p 0.15), brightness 25%, contrast 0.65-1.35, gamma, colour cast, JPEG q10-59 (p 0.2), noise (p 0.2)");
        tr.put("train_seconds", Math.round(trainSeconds));
        tr.put("total_seconds", Math.round(totalSeconds));
        tr.put("threads", Runtime.getRuntime().availableProcessors());
        ArrayNode dsArr = tr.putArray("datasets");
        for (DataSource ds : sources) {
            ObjectNode d = dsArr.addObject();
            d.put("name", ds.name());
            d.put("path", Cli.fromHome(ds.root()));
            d.put("layout", ds.layout().name().toLowerCase(Locale.ROOT));
            if (ds.layout() != DataSource.Layout.IMAGEFOLDER_SPLIT) {
                d.put("split_file", SplitFile.fileName(ds.name()));
            }
            for (DataSource.Part p : DataSource.Part.values()) {
                List<Sample> used = data.get(p).stream().filter(x -> x.dataset().equals(ds.name())).map(Prepared::sample).toList();
                ObjectNode pn = d.putObject(p.wire());
                pn.put("faces", used.stream().filter(Sample::isFace).count());
                if (opt.notFaces() && ds.layout() == DataSource.Layout.VOC) {
                    pn.put("not_faces", used.stream().filter(x -> !x.isFace()).count());
                }
                pn.put("files_sha256", DataSource.listSha256(used));
                if (ds.layout() != DataSource.Layout.VOC) {
                    pn.put("photos_cropped_by_detector", used.stream().filter(x -> x.face() != null).count());
                }
            }
        }
        ObjectNode metrics = root.putObject("metrics");
        metrics.put("measured_by", "trainer (DJL), crops as at inference, no augmentation");
        for (var e : reports.entrySet()) {
            if (!e.getKey().contains(":")) {
                metrics.set(e.getKey(), summary(e.getValue()));
            }
        }
        ObjectNode pd = metrics.putObject("per_dataset");
        perDataset.forEach(pd::set);
        if (!history.isEmpty()) {
            HistoryPlot.Epoch last = history.getLast();
            metrics.put("final_train_loss", last.loss());
            metrics.put("final_val_loss", last.valLoss());
        }
        root.set("parity", parity);
        JSON.writerWithDefaultPrettyPrinter().writeValue(opt.out().resolve("model.json").toFile(), root);
    }
}
