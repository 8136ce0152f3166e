package io.maskwatch.detector;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.Detection;
import io.maskwatch.api.MaskDetector;
import io.maskwatch.classifier.MaskClassifier;
import io.maskwatch.openvino.Core;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link MaskDetector} service: one OpenVINO core, face detector and classifier for the whole
 * framework, opened on activation and freed on deactivation. Without a configuration it runs with
 * the defaults on the CPU.
 */
@Component(service = MaskDetector.class, configurationPid = MaskDetectorComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Config.class)
public final class MaskDetectorComponent implements MaskDetector {

    static final String PID = "io.maskwatch.detector";

    private Core core;
    private OpenVinoMaskDetector detector;

    @Activate
    void activate(Config config) {
        String h = config.home().isBlank() ? System.getProperty("maskwatch.home", ".") : config.home();
        Path home = Path.of(h);
        FaceDetectorOptions options;
        try {
            options = FaceDetectorOptions.defaults()
                    .withModel(FaceModel.parse(config.faceModel()))
                    .withMinFace(config.minFace())
                    .withScoreThreshold(config.faceScoreThreshold())
                    .withDevice(config.device());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + PID + ": " + e.getMessage(), e);
        }
        Path faceModel = home.resolve("models/third-party").resolve(options.model().fileName());
        // An integrator's own model (retrained on their footage) replaces the shipped one without touching models/.
        Path classifierDir = home.resolve(config.classifier().isBlank() ? "models/mask-classifier" : config.classifier());
        if (!Files.isRegularFile(classifierDir.resolve("model.json"))) {
            throw new IllegalStateException("mask classifier missing (no model.json in " + classifierDir + "); train it or set "
                    + PID + " classifier or home");
        }
        Core c = Core.create();
        FaceDetector faces = null;
        try {
            faces = new FaceDetector(c, faceModel, options);
            MaskClassifier classifier = MaskClassifier.open(classifierDir, c, options.device(), 2);
            detector = new OpenVinoMaskDetector(faces, classifier);
            core = c;
        } catch (RuntimeException e) {
            if (faces != null) {
                faces.close();
            }
            c.close();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        try {
            if (detector != null) {
                detector.close();
            }
        } finally {
            if (core != null) {
                core.close();
            }
            detector = null;
            core = null;
        }
    }

    @Override
    public List<Detection> detect(BgrFrame frame) {
        return active().detect(frame);
    }

    @Override
    public List<Detection> detect(BgrFrame frame, double minFacePixels) {
        return active().detect(frame, minFacePixels);
    }

    private OpenVinoMaskDetector active() {
        OpenVinoMaskDetector d = detector;
        if (d == null) {
            throw new IllegalStateException("mask detector is not active");
        }
        return d;
    }
}
