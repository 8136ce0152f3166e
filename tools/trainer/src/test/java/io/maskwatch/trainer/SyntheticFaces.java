package io.maskwatch.trainer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Draws toy "faces" with and without a mask, so pipeline tests run without any dataset. */
final class SyntheticFaces {

    private SyntheticFaces() {
    }

    static BufferedImage face(boolean mask, Random rnd, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
        g.fillRect(0, 0, size, size);
        int m = size / 8 + rnd.nextInt(size / 8);
        g.setColor(new Color(200 + rnd.nextInt(40), 150 + rnd.nextInt(40), 120 + rnd.nextInt(40)));
        g.fillOval(m, m, size - 2 * m, size - 2 * m);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(size / 3, size / 3, size / 12, size / 12);
        g.fillOval(2 * size / 3 - size / 12, size / 3, size / 12, size / 12);
        if (mask) {
            g.setColor(rnd.nextBoolean() ? new Color(170, 200, 240) : Color.WHITE);
            g.fillRoundRect(size / 4, size / 2, size / 2, size / 3, size / 8, size / 8);
        } else {
            g.setColor(new Color(150, 40, 40));
            g.fillRect(size / 3, 2 * size / 3, size / 3, size / 20 + 1);
        }
        g.dispose();
        return img;
    }

    /** Writes an ImageFolder with {@code perClass} images in with_mask/ and without_mask/. */
    static Path imageFolder(Path root, int perClass, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (String cls : new String[] {"with_mask", "without_mask"}) {
            Path d = Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < perClass; i++) {
                ImageIO.write(face(cls.equals("with_mask"), rnd, 48 + rnd.nextInt(48)), "jpg",
                        d.resolve(String.format("%s-%03d.jpg", cls, i)).toFile());
            }
        }
        return root;
    }
}
