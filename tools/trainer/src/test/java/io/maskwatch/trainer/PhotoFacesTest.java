package io.maskwatch.trainer;

import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.PixelBox;
import io.maskwatch.detector.BoxCalibration;
import io.maskwatch.detector.FaceDetectorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhotoFacesTest {

    @TempDir
    Path tmp;

    @Test
    void onlyAFaceClearlySmallerThanTheImageMakesAWholePhoto() {
        // 1.25 * 100 = 125 px crop in a 640x480 image: a whole photo.
        PixelBox small = PhotoFaces.wholePhotoFace("640\t480\t100.0\t100.0\t200.0\t190.0\t0.9");
        assertEquals(new PixelBox(100, 100, 200, 190), small);
        // 1.25 * 330 = 412 px crop, over 0.8 * 480 = 384: the image already is a face crop.
        assertNull(PhotoFaces.wholePhotoFace("640\t480\t100.0\t100.0\t430.0\t400.0\t0.9"));
        assertNull(PhotoFaces.wholePhotoFace("640\t480"), "no face found: used whole");
        assertNull(PhotoFaces.wholePhotoFace("-"), "unreadable: used whole, skipped later");
    }

    @Test
    void aDamagedCacheLineIsDetectedAgainNotTrusted() {
        assertTrue(PhotoFaces.wellFormed("640\t480\t100.0\t100.0\t200.0\t190.0\t0.9"));
        assertTrue(PhotoFaces.wellFormed("640\t480"));
        assertTrue(PhotoFaces.wellFormed("-"));
        assertFalse(PhotoFaces.wellFormed("640\t480\t100.0\t10"), "cut short");
        assertFalse(PhotoFaces.wellFormed("640\t480\t100.0\t100.0\t2x0.0\t190.0\t0.9"), "garbled");
    }

    @Test
    void aCacheWrittenWithAnotherBoxCalibrationIsNotReused() {
        FaceDetectorOptions shipped = FaceDetectorOptions.defaults();
        FaceDetectorOptions other = shipped.withCalibration(BoxCalibration.NONE);

        assertEquals(PhotoFaces.cacheHeader(shipped), PhotoFaces.cacheHeader(FaceDetectorOptions.defaults()));
        assertNotEquals(PhotoFaces.cacheHeader(shipped), PhotoFaces.cacheHeader(other));
    }

    @Test
    void findsTheFaceInAPhotoAndLeavesAFaceCropWhole() throws Exception {
        OpenVinoAvailable.require();
        Path dir = OpenVinoAvailable.datasets().resolve("mask-classification/prajnasb/test/without_mask");
        Path portrait;
        try (Stream<Path> s = Files.list(dir)) {
            portrait = s.filter(DataSource::isImageName).sorted().findFirst().orElseThrow();
        }
        BufferedImage person = ImageIO.read(portrait.toFile());
        // The portrait pasted small into a bigger scene.
        BufferedImage scene = new BufferedImage(800, 600, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = scene.createGraphics();
        g.setColor(new Color(120, 130, 110));
        g.fillRect(0, 0, 800, 600);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int pastedHeight = 240 * person.getHeight() / person.getWidth();
        g.drawImage(person, 500, 300, 240, pastedHeight, null);
        g.dispose();
        Path photo = write(scene, "scene.jpg");
        Path broken = tmp.resolve("broken.jpg");
        Files.writeString(broken, "not a jpeg");

        List<Sample> in = List.of(new Sample("scene", photo, MaskLabel.NO_MASK, null),
                new Sample("broken", broken, MaskLabel.NO_MASK, null),
                new Sample("voc", photo, MaskLabel.MASK, new PixelBox(1, 2, 3, 4)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PhotoFaces faces = PhotoFaces.open(Cli.home(), tmp.resolve("cache"))) {
            List<Sample> out = faces.locate(in, new PrintStream(err, true, StandardCharsets.UTF_8), "test");
            assertEquals(out, faces.locate(in, new PrintStream(new ByteArrayOutputStream()), "again"), "the cached answer is the same");
            assertTrue(Files.isRegularFile(tmp.resolve("cache/photo-faces-centerface.tsv")), "the cache is where it was asked to be");
            PixelBox found = out.get(0).face();
            assertNotNull(found, "the face in the scene is found");
            assertTrue(found.x1() >= 500 && found.y1() >= 300 && found.x2() <= 740 && found.y2() <= 300 + pastedHeight,
                    "box inside the pasted portrait: " + found);
            assertTrue(found.width() > 30, "box is a face, not a speck: " + found);
            assertNull(out.get(1).face(), "an unreadable image passes through, to be skipped and reported where it is decoded");
            assertEquals(in.get(2), out.get(2), "a sample that has a box keeps it");
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("faces in photos (test)"), "progress is shown");

            // That face cut out tightly is a face crop, and stays whole.
            BufferedImage tight = new BufferedImage(200, 200, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D t = tight.createGraphics();
            t.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            t.drawImage(scene, 0, 0, 200, 200, (int) found.x1(), (int) found.y1(), (int) found.x2(), (int) found.y2(), null);
            t.dispose();
            Sample crop = new Sample("crop", write(tight, "crop.jpg"), MaskLabel.NO_MASK, null);
            assertNull(faces.locate(List.of(crop), new PrintStream(new ByteArrayOutputStream()), "crop").getFirst().face());
        }
    }

    private Path write(BufferedImage img, String name) throws java.io.IOException {
        Path p = tmp.resolve(name);
        ImageIO.write(img, "jpg", p.toFile());
        return p;
    }
}
