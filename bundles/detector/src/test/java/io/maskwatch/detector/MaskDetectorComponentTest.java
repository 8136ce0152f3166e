package io.maskwatch.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component activated directly with a configuration stub, as SCR would. */
class MaskDetectorComponentTest {

    @TempDir
    Path empty;

    private static Config config(String home, String faceModel) {
        return config(home, faceModel, "");
    }

    private static Config config(String home, String faceModel, String classifier) {
        return new Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return Config.class;
            }

            @Override
            public String device() {
                return "CPU";
            }

            @Override
            public String faceModel() {
                return faceModel;
            }

            @Override
            public double minFace() {
                return 0;
            }

            @Override
            public double faceScoreThreshold() {
                return 0.5;
            }

            @Override
            public String home() {
                return home;
            }

            @Override
            public String classifier() {
                return classifier;
            }
        };
    }

    @Test
    void anUnknownFaceModelNamesTheConfiguration() {
        MaskDetectorComponent c = new MaskDetectorComponent();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.activate(config(empty.toString(), "haar")));
        assertEquals("configuration io.maskwatch.detector: unknown face model 'haar': use short-range, full-range, full-range-sparse or centerface",
                e.getMessage());
    }

    @Test
    void aMissingClassifierFailsActivationAndLeavesNothingOpen() {
        MaskDetectorComponent c = new MaskDetectorComponent();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.activate(config(empty.toString(), "centerface")));
        assertTrue(e.getMessage().startsWith("mask classifier missing (no model.json in "), e.getMessage());
        c.deactivate();
        assertThrows(IllegalStateException.class, () -> c.detect(null));
    }

    @Test
    void theClassifierFolderIsTakenFromTheConfigurationAbsoluteOrUnderTheProjectFolder() {
        MaskDetectorComponent c = new MaskDetectorComponent();
        Path absolute = empty.resolve("retrained");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> c.activate(config(empty.toString(), "centerface", absolute.toString())));
        assertTrue(e.getMessage().startsWith("mask classifier missing (no model.json in " + absolute + ")"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> c.activate(config(empty.toString(), "centerface", "site/model")));
        assertTrue(e.getMessage().startsWith("mask classifier missing (no model.json in " + empty.resolve("site/model") + ")"), e.getMessage());
    }

    /**
     * A retrained model in a folder of its own serves the cameras as the shipped one does. The
     * project folder here has the face model but no models/mask-classifier, so activation can only
     * succeed through the configured folder.
     */
    @Test
    void aClassifierOutsideTheProjectFolderIsLoaded() throws Exception {
        Path home = Path.of(System.getProperty("maskwatch.home", "../.."));
        Path shipped = home.resolve("models/mask-classifier");
        Path faceModel = home.resolve("models/third-party").resolve(FaceModel.parse("centerface").fileName());
        Assumptions.assumeTrue(Files.isRegularFile(shipped.resolve("model.json")) && Files.isRegularFile(faceModel),
                "no trained mask classifier or face model under " + home + ": configured-classifier round trip skipped");
        Path site = empty.resolve("site");
        Files.createDirectories(site.resolve("models/third-party"));
        Files.copy(faceModel, site.resolve("models/third-party").resolve(faceModel.getFileName()));
        Path mine = empty.resolve("retrained");
        Files.createDirectories(mine);
        for (String f : java.util.List.of("model.json", "model.xml", "model.bin")) {
            Files.copy(shipped.resolve(f), mine.resolve(f));
        }
        MaskDetectorComponent c = new MaskDetectorComponent();
        assertThrows(IllegalStateException.class, () -> c.activate(config(site.toString(), "centerface")),
                "without the setting this project folder has no classifier");
        c.activate(config(site.toString(), "centerface", mine.toString()));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, c.detect(SyntheticFaces.frame(SyntheticFaces.canvas(320, 240), arena)).size());
        } finally {
            c.deactivate();
        }
    }

    @Test
    void detectsOnABlankFrameAndDeactivatesTwice() {
        Path home = Path.of(System.getProperty("maskwatch.home", "../.."));
        Assumptions.assumeTrue(Files.isRegularFile(home.resolve("models/mask-classifier/model.json")),
                "no trained mask classifier in " + home + "/models/mask-classifier: component round trip skipped");
        MaskDetectorComponent c = new MaskDetectorComponent();
        c.activate(config(home.toString(), "centerface"));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, c.detect(SyntheticFaces.frame(SyntheticFaces.canvas(320, 240), arena)).size());
        } finally {
            c.deactivate();
            c.deactivate();
        }
        assertThrows(IllegalStateException.class, () -> c.detect(null));
    }
}
