package io.maskwatch.trainer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al. 2018) built from plain DJL layers. DJL's model zoo has a
 * MobileNetV2 too, but the exporter must know every layer's exact role (which convolution
 * a batch norm folds into, where a residual joins), so the network is described here as a list
 * of {@link Unit}s that both the DJL block and {@link IrExporter} are built from.
 */
public final class MobileNetV2 {

    /** Convolution without bias, then batch norm, then ReLU6 unless {@code linear}. */
    public record ConvBn(int in, int out, int kernel, int stride, int groups, boolean linear,
                         Conv2d conv, BatchNorm bn) {
    }

    /** A stem/head convolution or an inverted-residual block whose input is added to its output. */
    public record Unit(List<ConvBn> convs, boolean residual) {
    }

    /** Expansion t, output channels c, repeats n, first stride s: table 2 of the paper. */
    private static final int[][] SETTINGS = {
            {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
            {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };

    private final List<Unit> units = new ArrayList<>();
    private final int features;
    private final int classes;
    private final Linear classifier;
    private final SequentialBlock block = new SequentialBlock();
    private final float widthMult;

    public MobileNetV2(float widthMult, int classes) {
        this(widthMult, classes, 0);
    }

    /**
     * @param dropout the share of the pooled features zeroed in each training step before the
     *                classification layer, as the reference network does; inference and the
     *                exported IR use every feature
     */
    public MobileNetV2(float widthMult, int classes, double dropout) {
        this.widthMult = widthMult;
        this.classes = classes;
        int in = 3;
        int stem = divisible(32 * widthMult);
        units.add(new Unit(List.of(convBn(in, stem, 3, 2, 1, false)), false));
        in = stem;
        for (int[] s : SETTINGS) {
            int out = divisible(s[1] * widthMult);
            for (int i = 0; i < s[2]; i++) {
                int stride = i == 0 ? s[3] : 1;
                int hidden = in * s[0];
                List<ConvBn> convs = new ArrayList<>();
                if (s[0] != 1) {
                    convs.add(convBn(in, hidden, 1, 1, 1, false));
                }
                convs.add(convBn(hidden, hidden, 3, stride, hidden, false));
                convs.add(convBn(hidden, out, 1, 1, 1, true));
                units.add(new Unit(convs, stride == 1 && in == out));
                in = out;
            }
        }
        // The paper keeps 1280 features for multipliers below one; so do we.
        features = widthMult > 1f ? divisible(1280 * widthMult) : 1280;
        units.add(new Unit(List.of(convBn(in, features, 1, 1, 1, false)), false));
        classifier = Linear.builder().setUnits(classes).build();

        for (Unit u : units) {
            SequentialBlock seq = new SequentialBlock();
            for (ConvBn c : u.convs()) {
                seq.add(c.conv()).add(c.bn());
                if (!c.linear()) {
                    seq.add(Activation.relu6Block());
                }
            }
            if (u.residual()) {
                block.add(new ParallelBlock(
                        list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                        List.of(seq, Blocks.identityBlock())));
            } else {
                block.add(seq);
            }
        }
        // Present also at rate 0: DJL saves and loads weights by the order of the blocks, so runs
        // with and without dropout must have the same blocks for --init-params and --from-params.
        block.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock())
                .add(Dropout.builder().optRate((float) dropout).build()).add(classifier);
    }

    private static ConvBn convBn(int in, int out, int k, int stride, int groups, boolean linear) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2))
                .optGroups(groups)
                .setFilters(out)
                .optBias(false)
                .build();
        BatchNorm bn = BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(0.9f).build();
        return new ConvBn(in, out, k, stride, groups, linear, conv, bn);
    }

    static final float BN_EPSILON = 1e-5f;

    /** Channel counts rounded to multiples of 8, never dropping more than 10 %, as the reference does. */
    static int divisible(float v) {
        int r = Math.max(8, (int) (v + 4) / 8 * 8);
        return r < 0.9f * v ? r + 8 : r;
    }

    public Block block() {
        return block;
    }

    public List<Unit> units() {
        return units;
    }

    public Linear classifier() {
        return classifier;
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    public float widthMult() {
        return widthMult;
    }
}
