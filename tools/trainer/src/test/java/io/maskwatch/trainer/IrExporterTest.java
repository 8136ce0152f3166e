package io.maskwatch.trainer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.maskwatch.openvino.CompiledModel;
import io.maskwatch.openvino.Core;
import io.maskwatch.openvino.InferRequest;
import io.maskwatch.openvino.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exporter against DJL itself, on a network with non-trivial batch-norm statistics so that
 * folding is really exercised: the raw IR (no preprocessing) must give DJL's probabilities.
 */
class IrExporterTest {

    @TempDir
    Path tmp;

    @Test
    void exportedIrMatchesDjlInInferenceMode() throws Exception {
        OpenVinoAvailable.require();
        Engines.start();
        int size = 64;
        MobileNetV2 net = new MobileNetV2(0.35f, 3);
        Random rnd = new Random(5);
        try (Model model = Model.newInstance("t"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(net.block());
            net.block().setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
            net.block().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, size, size));
            for (MobileNetV2.Unit u : net.units()) {
                for (MobileNetV2.ConvBn c : u.convs()) {
                    perturb(c.bn().getParameters().get("gamma").getArray(), rnd, 0.5f, 1.5f);
                    perturb(c.bn().getParameters().get("beta").getArray(), rnd, -0.3f, 0.3f);
                    perturb(c.bn().getParameters().get("runningMean").getArray(), rnd, -0.2f, 0.2f);
                    perturb(c.bn().getParameters().get("runningVar").getArray(), rnd, 0.5f, 2f);
                }
            }
            int n = 3;
            float[] x = new float[n * 3 * size * size];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextFloat() * 2 - 1;
            }
            NDArray out = net.block().forward(new ParameterStore(m, false),
                    new NDList(m.create(x, new Shape(n, 3, size, size))), false).singletonOrThrow().softmax(1);
            float[] expected = out.toFloatArray();

            Path xml = tmp.resolve("m.xml");
            IrExporter.export(net, size, xml, tmp.resolve("m.bin"));
            assertTrue(Files.readString(xml).contains("GroupConvolution"));
            try (Core core = Core.create();
                 io.maskwatch.openvino.Model ir = core.readModel(xml, tmp.resolve("m.bin"));
                 CompiledModel cm = core.compile(ir, "CPU", Map.of("INFERENCE_PRECISION_HINT", "f32"));
                 InferRequest req = cm.createInferRequest();
                 Tensor t = Tensor.of(new long[] {n, 3, size, size}, x)) {
                req.setInputTensor(0, t);
                req.infer();
                float[] got = req.outputFloats(0);
                assertEquals(expected.length, got.length);
                double max = 0;
                for (int i = 0; i < got.length; i++) {
                    max = Math.max(max, Math.abs(got[i] - expected[i]));
                }
                assertTrue(max <= 1e-4, "IR differs from DJL by " + max);
            }
        }
    }

    private static void perturb(NDArray a, Random rnd, float lo, float hi) {
        float[] v = new float[(int) a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        a.set(v);
    }
}
