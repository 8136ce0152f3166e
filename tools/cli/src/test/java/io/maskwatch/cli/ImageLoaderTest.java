package io.maskwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input is generated here, so the test needs no files. */
class ImageLoaderTest {

    @TempDir
    Path dir;

    private final ImageLoader loader = new ImageLoader(ImageLoader.DEFAULT_MAX_PIXELS, "raise --max-pixels if the file is trusted");

    /** Blue, green, red of one pixel of a loaded (3-byte BGR) image. */
    private static int[] bgr(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff};
    }

    private Path write(String name, BufferedImage img, String format) throws IOException {
        Path f = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, f.toFile()), "no writer for " + format);
        return f;
    }

    @Test
    void aFileThatIsNoImageIsRefused() throws IOException {
        Path f = dir.resolve("noise.jpg");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(f, noise);
        ImageLoader.ImageException e = assertThrows(ImageLoader.ImageException.class, () -> loader.load(f));
        assertEquals("not an image in a supported format (JPEG, PNG, BMP, GIF)", e.getMessage());
    }

    @Test
    void aJpegWithAGarbageBodyIsReportedAsCorrupt() throws IOException {
        Path f = dir.resolve("broken.jpg");
        byte[] body = new byte[2048];
        new Random(2).nextBytes(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 0, 3, 0});
        out.write(body);
        Files.write(f, out.toByteArray());
        ImageLoader.ImageException e = assertThrows(ImageLoader.ImageException.class, () -> loader.load(f));
        assertTrue(e.getMessage().startsWith("corrupt or unreadable image: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    /**
     * A JPEG cut off mid-scan decodes without an exception (the decoder fills the rest with grey and
     * only warns), so the loader has to refuse it itself: from a file and from bytes in memory.
     */
    @Test
    void aTruncatedJpegIsRefused() throws Exception {
        BufferedImage src = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Random noise = new Random(3);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                src.setRGB(x, y, noise.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(src, "jpeg", jpeg);
        byte[] whole = jpeg.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        Path f = dir.resolve("cut.jpg");
        Files.write(f, cut);
        for (ThrowingLoad load : List.<ThrowingLoad>of(() -> loader.load(f), () -> loader.load(cut))) {
            ImageLoader.ImageException e = assertThrows(ImageLoader.ImageException.class, load::run);
            assertTrue(e.getMessage().startsWith("truncated image ("), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        assertEquals(64, loader.load(whole).getWidth(), "the complete file still loads");
    }

    private interface ThrowingLoad {
        void run() throws Exception;
    }

    @Test
    void onlyWarningsAboutMissingDataCountAsTruncation() {
        assertTrue(ImageLoader.isTruncation("Truncated File - Missing EOI marker"));
        assertTrue(ImageLoader.isTruncation("Corrupt JPEG data: premature end of data segment"));
        assertFalse(ImageLoader.isTruncation("Corrupt JPEG data: 12 extraneous bytes before marker 0xd9"));
    }

    @Test
    void aMissingFileIsRefused() {
        ImageLoader.ImageException e = assertThrows(ImageLoader.ImageException.class, () -> loader.load(dir.resolve("none.png")));
        assertEquals("not a readable file", e.getMessage());
    }

    /** A PNG whose header claims 100000 x 100000 pixels and which holds no pixel data at all. */
    @Test
    void aHugeImageIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        Path f = dir.resolve("bomb.png");
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        Files.write(f, out.toByteArray());
        ImageLoader.ImageException e = assertThrows(ImageLoader.ImageException.class, () -> loader.load(f));
        assertEquals("image is 100000x100000 (10000000000 pixels), over the limit of 50000000; raise --max-pixels if the file is trusted",
                e.getMessage());
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void thePixelLimitIsConfigurable() throws Exception {
        Path f = write("small.png", new BufferedImage(100, 100, BufferedImage.TYPE_3BYTE_BGR), "png");
        ImageLoader.ImageException e = assertThrows(ImageLoader.ImageException.class, () -> new ImageLoader(5000, "shrink it").load(f));
        assertEquals("image is 100x100 (10000 pixels), over the limit of 5000; shrink it", e.getMessage());
        assertEquals(100, new ImageLoader(10_000, "shrink it").load(f).getWidth());
    }

    @Test
    void eightBitGrayKeepsItsValues() throws Exception {
        BufferedImage g = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(3, 4, 0, 200);
        g.getRaster().setSample(0, 0, 0, 30);
        BufferedImage img = loader.load(write("gray.png", g, "png"));
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        assertEquals(200, bgr(img, 3, 4)[2]);
        assertEquals(200, bgr(img, 3, 4)[0]);
        assertEquals(30, bgr(img, 0, 0)[1]);
    }

    @Test
    void sixteenBitGrayIsScaledToEightBits() throws Exception {
        BufferedImage g = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setSample(1, 1, 0, 0x8080);
        g.getRaster().setSample(2, 1, 0, 0xFFFF);
        BufferedImage img = loader.load(write("gray16.png", g, "png"));
        assertEquals(128, bgr(img, 1, 1)[1]);
        assertEquals(255, bgr(img, 2, 1)[1]);
        assertEquals(0, bgr(img, 0, 0)[1]);
    }

    @Test
    void sixteenBitColourIsScaledToEightBits() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] {16, 16, 16},
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(4, 4);
        r.setPixel(2, 2, new int[] {0xFFFF, 0x0000, 0x8080});
        BufferedImage img = loader.load(write("rgb16.png", new BufferedImage(cm, r, false, null), "png"));
        int[] p = bgr(img, 2, 2);
        assertEquals(255, p[2], "red");
        assertEquals(0, p[1], "green");
        assertEquals(128, p[0], 1, "blue");
    }

    @Test
    void paletteColoursAreLookedUp() throws Exception {
        byte[] r = {(byte) 255, 0};
        byte[] g = {0, (byte) 128};
        byte[] b = {0, (byte) 255};
        BufferedImage p = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
        p.getRaster().setSample(1, 0, 0, 1);
        BufferedImage img = loader.load(write("palette.png", p, "png"));
        assertEquals(java.util.List.of(0, 0, 255), java.util.Arrays.stream(bgr(img, 0, 0)).boxed().toList());
        assertEquals(java.util.List.of(255, 128, 0), java.util.Arrays.stream(bgr(img, 1, 0)).boxed().toList());
    }

    @Test
    void transparencyIsFlattenedOnWhite() throws Exception {
        BufferedImage a = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x00000000);
        a.setRGB(1, 0, 0x80000000);
        a.setRGB(2, 0, 0xFF0000FF);
        BufferedImage img = loader.load(write("alpha.png", a, "png"));
        assertEquals(255, bgr(img, 0, 0)[0]);
        assertEquals(127, bgr(img, 1, 0)[1], 1);
        assertEquals(255, bgr(img, 2, 0)[0]);
        assertEquals(0, bgr(img, 2, 0)[2]);
    }

    /** An Adobe-style CMYK JPEG. */
    @Test
    void cmykJpegIsConvertedToColour() throws Exception {
        int w = 32;
        int h = 16;
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Left half red (C=0, M=Y=100 %), right half blue (C=M=100 %, Y=0), no black; stored
                // inverted, as Adobe CMYK JPEGs are.
                boolean left = x < w / 2;
                raster.setPixel(x, y, left ? new int[] {255, 0, 0, 255} : new int[] {0, 0, 255, 255});
            }
        }
        Path f = dir.resolve("cmyk.jpg");
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var out = ImageIO.createImageOutputStream(plain)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        // The Adobe APP14 segment (transform 0) is what marks four JPEG components as CMYK.
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] jpeg = plain.toByteArray();
        ByteBuffer file = ByteBuffer.allocate(jpeg.length + app14.length).put(jpeg, 0, 2).put(app14).put(jpeg, 2, jpeg.length - 2);
        Files.write(f, file.array());
        BufferedImage img = loader.load(f);
        assertEquals(w, img.getWidth());
        int[] left = bgr(img, 4, 8);
        int[] right = bgr(img, w - 4, 8);
        assertTrue(left[2] > 150 && left[1] < 100 && left[0] < 100, "left half should be red, got BGR " + java.util.Arrays.toString(left));
        assertTrue(right[0] > 100 && right[2] < 100, "right half should be blue, got BGR " + java.util.Arrays.toString(right));
    }

    /** A landscape JPEG marked "rotate 90 degrees clockwise to view" must come out portrait, left edge on top. */
    @Test
    void exifOrientationIsApplied() throws Exception {
        BufferedImage src = new BufferedImage(40, 20, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = src.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(src, "jpeg", jpeg);
        Path f = dir.resolve("rotated.jpg");
        Files.write(f, withOrientation(jpeg.toByteArray(), 6));
        assertEquals(6, ImageLoader.orientation(f));
        BufferedImage img = loader.load(f);
        assertEquals(20, img.getWidth());
        assertEquals(40, img.getHeight());
        assertTrue(bgr(img, 10, 5)[2] > 200 && bgr(img, 10, 5)[0] < 60, "top should be the red left half");
        assertTrue(bgr(img, 10, 35)[0] > 200 && bgr(img, 10, 35)[2] < 60, "bottom should be the blue right half");
    }

    @Test
    void exifOrientationIsAppliedToBytesInMemory() throws Exception {
        BufferedImage src = new BufferedImage(40, 20, BufferedImage.TYPE_3BYTE_BGR);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(src, "jpeg", jpeg);
        BufferedImage img = loader.load(withOrientation(jpeg.toByteArray(), 6));
        assertEquals(20, img.getWidth());
        assertEquals(40, img.getHeight());
    }

    @Test
    void everyOrientationMapsCornersAsExifSays() {
        // Stored 3x2 image, pixel values 0..5 row-major; the expected upright top-left pixel per orientation.
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < 6; i++) {
            stored.getRaster().setSample(i % 3, i / 3, 0, i * 10);
        }
        int[] topLeft = {0, 0, 20, 50, 30, 0, 30, 50, 20};
        for (int o = 1; o <= 8; o++) {
            BufferedImage up = ImageLoader.orient(stored, o);
            assertEquals(o >= 5 ? 2 : 3, up.getWidth(), "orientation " + o);
            assertEquals(topLeft[o], up.getRaster().getSample(0, 0, 0), "orientation " + o);
        }
    }

    /** Inserts an EXIF APP1 segment holding only the orientation tag after the JFIF APP0 segment. */
    private static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        byte[] exif = ByteBuffer.allocate(6 + 26).put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff.array()).array();
        int app0End = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
        out.put(jpeg, 0, app0End);
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif);
        out.put(jpeg, app0End, jpeg.length - app0End);
        return out.array();
    }
}
