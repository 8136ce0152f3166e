package io.maskwatch.bench;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.detector.FaceDetector;
import io.maskwatch.detector.FaceDetectorOptions;
import io.maskwatch.detector.OpenVinoMaskDetector;
import io.maskwatch.openvino.Core;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole MaskDetector (face search over the frame, then one batched classification) on a real
 * crowd photo scaled to the frame size, with the default options: milliseconds per frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DetectorBench {

    @Param({"1280x720", "1920x1080"})
    String frameSize;

    private Arena arena;
    private Core core;
    private OpenVinoMaskDetector detector;
    private BgrFrame frame;

    @Setup
    public void open() throws IOException {
        String[] wh = frameSize.split("x");
        arena = Arena.ofShared();
        frame = Inputs.crowdFrame(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), arena);
        core = Core.create();
        FaceDetectorOptions options = FaceDetectorOptions.defaults();
        FaceDetector faces = new FaceDetector(core, Inputs.home().resolve("models/third-party").resolve(options.model().fileName()), options);
        MaskClassifier classifier = MaskClassifier.open(Inputs.home().resolve("models/mask-classifier"), core, "CPU", 1);
        detector = new OpenVinoMaskDetector(faces, classifier);
    }

    @Benchmark
    public List<Detection> detect() {
        return detector.detect(frame);
    }

    @TearDown
    public void close() {
        detector.close();
        core.close();
        arena.close();
    }
}
