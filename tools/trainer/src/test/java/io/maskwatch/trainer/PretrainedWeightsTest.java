package io.maskwatch.trainer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;
import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ImageNet weights that setup fetches, loaded into our MobileNetV2. A wrong kernel layout
 * still "loads" (the shapes can agree), so the check is behavioural: the batch-norm statistics
 * that came with the weights must describe the activations our network computes from them on
 * real faces. (Per-channel statistics cannot tell a kernel from its spatial transpose; they do
 * catch swapped channels, which is the mistake a layout change makes.)
 */
class PretrainedWeightsTest {

    private static final Path WEIGHTS = Path.of(System.getProperty("maskwatch.home", "."))
            .resolve("models/third-party/mobilenet_v2");

    @TempDir
    Path tmp;

    @Test
    void everyFeatureLayerGetsItsKerasTensorAndTheStatisticsFitTheActivations() throws IOException {
        Path faces = OpenVinoAvailable.datasets().resolve("mask-classification/prajnasb/test");
        PretrainedWeights weights = PretrainedWeights.read(WEIGHTS);
        Engines.start();
        int size = 96;
        MobileNetV2 net = new MobileNetV2(1f, 2);
        try (Model model = Model.newInstance("t"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(net.block());
            net.block().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size));
            assertEquals(52 * 5, weights.loadInto(net));

            NDArray x = faces(m, faces, size, 24);
            ParameterStore ps = new ParameterStore(m, false);
            List<MobileNetV2.ConvBn> convs = net.units().stream().flatMap(u -> u.convs().stream()).limit(3).toList();
            for (MobileNetV2.ConvBn c : convs) {
                NDArray pre = c.conv().forward(ps, new NDList(x), false).singletonOrThrow();
                NDArray perChannel = pre.transpose(1, 0, 2, 3).reshape(c.out(), -1);
                float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
                float[] variance = perChannel.sub(perChannel.mean(new int[] {1}, true)).square().mean(new int[] {1}).toFloatArray();
                double rMean = correlation(mean, c.bn().getParameters().get("runningMean").getArray().toFloatArray());
                double rVar = correlation(variance, c.bn().getParameters().get("runningVar").getArray().toFloatArray());
                // Measured: r >= 0.86 (means) and >= 0.80 (variances) with the right layout, below 0.66 with in/out swapped.
                assertTrue(rMean > 0.8, "per-channel means of " + c.out() + " channels vs the stored statistics: r = " + rMean);
                assertTrue(rVar > 0.7, "per-channel variances of " + c.out() + " channels vs the stored statistics: r = " + rVar);
                x = c.bn().forward(ps, new NDList(pre), false).singletonOrThrow();
                x = Activation.relu6(x);
            }
        }
    }

    @Test
    void weightsForAnotherWidthAreRefused() {
        PretrainedWeights weights = PretrainedWeights.read(WEIGHTS);
        MobileNetV2 half = new MobileNetV2(0.5f, 2);
        assertEquals("the pretrained weights are MobileNetV2 1.0; this network has width 0.5",
                assertThrows(UsageException.class, () -> weights.loadInto(half)).getMessage());
    }

    @Test
    void aMissingOrTruncatedDownloadSaysToRerunSetup() throws IOException {
        assertEquals("pretrained weights not found: " + tmp.resolve(PretrainedWeights.TOPOLOGY) + "; run bin/maskwatch setup",
                assertThrows(UsageException.class, () -> PretrainedWeights.read(tmp)).getMessage());
        Files.copy(WEIGHTS.resolve(PretrainedWeights.TOPOLOGY), tmp.resolve(PretrainedWeights.TOPOLOGY));
        String shard = Files.readString(WEIGHTS.resolve(PretrainedWeights.SHARD));
        Matcher base64 = Pattern.compile("[A-Za-z0-9+/]{1000,}").matcher(shard);
        assertTrue(base64.find());
        Files.writeString(tmp.resolve(PretrainedWeights.SHARD), shard.substring(0, base64.start()) + shard.substring(base64.start() + 4000));
        String msg = assertThrows(UsageException.class, () -> PretrainedWeights.read(tmp)).getMessage();
        assertTrue(msg.endsWith("rerun bin/maskwatch setup"), msg);
    }

    @Test
    void kerasNamesFollowTheReferenceLayerNames() {
        List<String[]> names = PretrainedWeights.kerasNames(new MobileNetV2(1f, 2));
        assertEquals(52, names.size());
        assertEquals("Conv1", names.get(0)[0]);
        assertEquals("expanded_conv_depthwise_BN", names.get(1)[1]);
        assertEquals("expanded_conv_project", names.get(2)[0]);
        assertEquals("block_1_expand", names.get(3)[0]);
        assertEquals("block_16_project_BN", names.get(50)[1]);
        assertEquals("Conv_1_bn", names.get(51)[1]);
    }

    /** Whole face crops from an ImageFolder, resized like the trainer does, as an NCHW batch in -1..1. */
    private static NDArray faces(NDManager m, Path dir, int size, int count) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")).sorted().limit(count).toList();
        }
        assertEquals(count, files.size(), "face images in " + dir);
        float[] hwc = new float[count * size * size * 3];
        for (int i = 0; i < count; i++) {
            BgrFrame frame = Images.decode(files.get(i));
            PixelBox whole = FaceCrop.whole(frame);
            Images.toRgbHwc(FaceCrop.resample(frame, whole, size), size, TrainCommand.MEAN, TrainCommand.SCALE,
                    hwc, i * size * size * 3);
        }
        return TrainCommand.input(m, hwc, count, size);
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
