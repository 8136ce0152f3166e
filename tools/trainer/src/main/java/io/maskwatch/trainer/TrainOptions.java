package io.maskwatch.trainer;

import io.maskwatch.cli.UsageException;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of {@code train}. The defaults are the command that trained the shipped model
 * (models/mask-classifier/README.md): MobileNetV2 1.0 started from ImageNet-pretrained feature
 * layers, 18 epochs at 80 px with learning rate 0.001, 30 % of boxed faces shown as their bare box,
 * exporting the moving average of the weights:
 * 24-45 minutes on the 2-core machines seen so far, which train 58-82 images/s at that size
 * ({@code bench-train}). Width 1.0 is what the pretrained weights exist for; 80 px keeps
 * both the training time and the per-face latency inside their budgets (96 px at width 1.0 measured
 * 2.55 ms per face, over the 2 ms target).
 *
 * <p>{@code fromParams}: a finished run's {@code djl} folder; training is skipped and that run's
 * weights and history.csv are evaluated, exported and reported, e.g. after a crash at export.
 * {@code initParams}: start training from a run's {@code djl} weights instead of from scratch
 * (a second, shorter schedule: a warm restart).
 * {@code pretrained}: a folder of ImageNet-pretrained MobileNetV2 1.0 weights ({@link PretrainedWeights})
 * that the feature layers start from; needs width 1.0. Null trains from random weights
 * ({@code --scratch}).
 * {@code photoFaces}: crop whole photos around the face the project's detector finds ({@link PhotoFaces});
 * off ({@code --whole-images}) uses every ImageFolder image whole.
 * {@code weightAverage}: the decay of the moving average of the weights that is exported instead
 * of the last step's weights ({@link WeightAverage}); 0 exports the last step's weights. The
 * default, 0.999, averages about the last 1,000 steps (four epochs of the default data).
 * {@code cropScale}: the side of the square cropped around a face box, as a multiple of the box's
 * long side; written to model.json, so that inference crops the same way.
 * {@code layerLrDecay}: each network unit below the last trains at this multiple of the rate of
 * the unit above it ({@link LayerwiseLearningRate}); 1 trains every layer at one rate.
 * {@code dropout}: the share of pooled features dropped before the classification layer in training.
 * {@code optimizer}: {@code adam} (the default) or {@code sgd} (momentum 0.9); both with weight
 * decay 1e-4 and the same warm-up and cosine schedule from {@code learningRate}.
 * {@code boxCrops}: the share of training faces with a box that are shown as their bare box,
 * stretched to a square, the way a face crop cut at a detector's or annotator's box reaches
 * {@code classify} ({@link Augmenter}); 0 always shows the crop policy's square.
 * {@code marginCrops}: the share of training faces with a box shown with a margin, the square (or
 * bare box) widened 1.1-1.3 times from the stored context, the way a face crop cut with a margin
 * by another detector reaches {@code classify}; 0 never widens it.
 * {@code notFaces}: add a {@code not_face} class of the boxes the project's face detector finds in
 * Pascal VOC images where no face is annotated ({@link NotFaces}), so that the classifier also
 * tells the detection engine which candidates are not faces.
 */
public record TrainOptions(List<Path> data, Path out, int epochs, int inputSize, float widthMult, long seed,
                           double valFraction, double testFraction, boolean force, int batchSize,
                           float learningRate, boolean threeClass, int maxPerClass, boolean parity,
                           Path fromParams, Path initParams, Path pretrained, boolean photoFaces,
                           double weightAverage, double cropScale, double layerLrDecay, double dropout,
                           String optimizer, double boxCrops, double marginCrops, boolean notFaces) {

    public static final int DEFAULT_EPOCHS = 18;
    public static final int DEFAULT_INPUT = 80;
    public static final float DEFAULT_WIDTH = 1.0f;
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;
    public static final int DEFAULT_BATCH = 32;
    public static final long DEFAULT_SEED = 20260611L;
    public static final double DEFAULT_VAL = 0.1;
    public static final double DEFAULT_TEST = 0.2;
    public static final double DEFAULT_WEIGHT_AVERAGE = 0.999;
    public static final double DEFAULT_LAYER_LR_DECAY = 1.0;
    public static final double DEFAULT_BOX_CROPS = 0.3;
    public static final double DEFAULT_MARGIN_CROPS = 0.25;
    public static final List<String> OPTIMIZERS = List.of("adam", "sgd");
    public static final double DEFAULT_CROP_SCALE = io.maskwatch.classifier.FaceCrop.DEFAULT_SCALE;

    public TrainOptions {
        if (data.isEmpty()) {
            throw new UsageException("give at least one --data DIR");
        }
        if (out == null) {
            throw new UsageException("--out DIR is required");
        }
        if (epochs < 1) {
            throw new UsageException("--epochs must be at least 1");
        }
        if (inputSize < 32 || inputSize > 512 || inputSize % 16 != 0) {
            throw new UsageException("--input-size must be a multiple of 16 between 32 and 512");
        }
        if (!(widthMult >= 0.25f && widthMult <= 1.5f)) {
            throw new UsageException("--width-mult must be between 0.25 and 1.5");
        }
        if (pretrained != null && (initParams != null || fromParams != null)) {
            throw new UsageException("--pretrained starts from ImageNet weights; it cannot be combined with --init-params or --from-params");
        }
        if (pretrained != null && widthMult != 1f) {
            throw new UsageException("the pretrained weights are MobileNetV2 1.0; train with --width-mult 1.0, or add --scratch to train width "
                    + widthMult + " from random weights");
        }
        if (!(weightAverage == 0 || (weightAverage > 0 && weightAverage < 1))) {
            throw new UsageException("--weight-average takes a decay between 0 and 1 (0.999 averages about the last 1000 steps), or 0 for off");
        }
        if (!(cropScale >= 1 && cropScale <= 2.5)) {
            throw new UsageException("--crop-scale must be between 1 and 2.5 (the crop's side over the face box's long side)");
        }
        if (!(layerLrDecay > 0 && layerLrDecay <= 1)) {
            throw new UsageException("--layer-lr-decay must be above 0 and at most 1 (1 trains every layer at one rate)");
        }
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new UsageException("--optimizer must be one of " + String.join(", ", OPTIMIZERS) + ", not '" + optimizer + "'");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UsageException("--dropout must be at least 0 and below 1 (the share of features dropped in training)");
        }
        if (!(boxCrops >= 0 && boxCrops <= 1)) {
            throw new UsageException("--box-crops must be between 0 and 1 (the share of boxed faces shown as their bare box)");
        }
        if (!(marginCrops >= 0 && marginCrops <= 1)) {
            throw new UsageException("--margin-crops must be between 0 and 1 (the share of boxed faces shown with a margin)");
        }
        if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1) {
            throw new UsageException("--val-fraction and --test-fraction must be >= 0 and sum to less than 1");
        }
    }
}
