package io.maskwatch.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maskwatch.api.MaskLabel;
import io.maskwatch.api.NormalizedBox;
import io.maskwatch.api.Overlay;
import io.maskwatch.api.PixelBox;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegTest {

    /** Each label's box is drawn in its own colour, the same palette as detect --annotate. */
    @Test
    void boxesAreDrawnInTheirLabelsColour() throws Exception {
        BufferedImage frame = new BufferedImage(1600, 480, BufferedImage.TYPE_3BYTE_BGR);
        List<MaskLabel> labels = List.of(MaskLabel.MASK, MaskLabel.NO_MASK, MaskLabel.MASK_INCORRECT);
        List<Overlay> faces = new java.util.ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            PixelBox b = new PixelBox(100 + 500 * i, 100, 400 + 500 * i, 400);
            faces.add(new Overlay(i + 1, labels.get(i), 0.9, b, NormalizedBox.of(b, 1600, 480)));
        }
        BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(Jpeg.annotated(frame, faces)));
        for (int i = 0; i < labels.size(); i++) {
            // The middle of the box's bottom edge (a 4 px line), away from the caption. JPEG shifts
            // colours a little, so the test asks which palette colour the pixel is nearest to.
            Color got = new Color(drawn.getRGB(250 + 500 * i, 400));
            MaskLabel nearest = labels.stream().min(java.util.Comparator.comparingInt(l -> distance(got, LabelColours.of(l)))).orElseThrow();
            assertEquals(labels.get(i), nearest, "drawn " + got);
            assertTrue(distance(got, LabelColours.of(labels.get(i))) < 3 * 40 * 40, labels.get(i) + ": drawn " + got);
        }
    }

    private static int distance(Color a, Color b) {
        int r = a.getRed() - b.getRed();
        int g = a.getGreen() - b.getGreen();
        int bl = a.getBlue() - b.getBlue();
        return r * r + g * g + bl * bl;
    }
}
