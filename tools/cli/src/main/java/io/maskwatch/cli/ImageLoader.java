package io.maskwatch.cli;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image file into an upright 8-bit BGR picture, whatever its storage: grayscale, 16-bit,
 * palette, CMYK JPEG (TwelveMonkeys' ImageIO plugin), alpha (flattened on white) or an EXIF
 * orientation (applied, so boxes refer to the image as a viewer shows it).
 *
 * <p>The size is read from the header first and an image over the pixel limit is refused before any
 * pixel is decoded, so a small file that claims billions of pixels cannot exhaust memory.
 */
public final class ImageLoader {

    /** The default limit, 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    private final long maxPixels;
    private final String overLimitAdvice;

    /**
     * @param overLimitAdvice what the user can do about an image over the limit, in the calling
     *                        command's terms (e.g. "raise --max-pixels if the file is trusted")
     */
    public ImageLoader(long maxPixels, String overLimitAdvice) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("pixel limit must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.overLimitAdvice = overLimitAdvice;
    }

    /** A decoding failure with a one-line reason meant for the user. */
    public static final class ImageException extends Exception {
        private static final long serialVersionUID = 1L;

        ImageException(String message) {
            super(message);
        }

        ImageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads {@code file}; the result is {@link BufferedImage#TYPE_3BYTE_BGR}, upright. */
    public BufferedImage load(Path file) throws ImageException {
        if (!Files.isRegularFile(file)) {
            throw new ImageException("not a readable file");
        }
        BufferedImage decoded;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            decoded = decode(in);
        } catch (IOException e) {
            throw new ImageException("corrupt or unreadable image: " + oneLine(e), e);
        }
        return orient(toBgr(decoded), orientation(file));
    }

    /** Reads an image whose bytes are already in memory (e.g. read once for hashing); as {@link #load(Path)}. */
    public BufferedImage load(byte[] encoded) throws ImageException {
        BufferedImage decoded;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            decoded = decode(in);
        } catch (IOException e) {
            throw new ImageException("corrupt or unreadable image: " + oneLine(e), e);
        }
        return orient(toBgr(decoded), orientation(new ByteArrayInputStream(encoded)));
    }

    private BufferedImage decode(ImageInputStream in) throws ImageException {
        if (in == null) {
            throw new ImageException("cannot open the file");
        }
        Iterator<ImageReader> readers;
        try {
            readers = ImageIO.getImageReaders(in);
        } catch (RuntimeException e) {
            throw new ImageException("corrupt or unreadable image: " + oneLine(e), e);
        }
        if (!readers.hasNext()) {
            throw new ImageException("not an image in a supported format (JPEG, PNG, BMP, GIF)");
        }
        ImageReader reader = readers.next();
        List<String> truncation = new ArrayList<>();
        // Decoders fill what a cut-off file lacks with grey and only warn; analysing that grey as
        // part of the picture would report a confident answer for a broken file.
        reader.addIIOReadWarningListener((source, warning) -> {
            if (isTruncation(warning)) {
                truncation.add(warning);
            }
        });
        try {
            reader.setInput(in, true, true);
            long w = reader.getWidth(0);
            long h = reader.getHeight(0);
            if (w <= 0 || h <= 0) {
                throw new ImageException("the header gives an empty image size " + w + "x" + h);
            }
            if (w * h > maxPixels) {
                throw new ImageException("image is " + w + "x" + h + " (" + (w * h) + " pixels), over the limit of "
                        + maxPixels + "; " + overLimitAdvice);
            }
            BufferedImage decoded = reader.read(0);
            if (!truncation.isEmpty()) {
                throw new ImageException("truncated image (" + truncation.getFirst().strip() + "): the file ends early; copy or export it again");
            }
            return decoded;
        } catch (IOException | RuntimeException e) {
            throw new ImageException("corrupt or unreadable image: " + oneLine(e), e);
        } finally {
            reader.dispose();
        }
    }

    /** Decoder warnings that mean the data stops early (JPEG: missing EOI, premature end of a segment). */
    static boolean isTruncation(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("truncat") || w.contains("premature end");
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).lines().findFirst().orElse("").strip();
    }

    /** The EXIF orientation tag (1..8), 1 when absent or unreadable. */
    static int orientation(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return orientation(in);
        } catch (IOException e) {
            return 1;
        }
    }

    private static int orientation(InputStream encoded) {
        try {
            Metadata md = ImageMetadataReader.readMetadata(encoded);
            for (ExifIFD0Directory dir : md.getDirectoriesOfType(ExifIFD0Directory.class)) {
                if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    return o >= 1 && o <= 8 ? o : 1;
                }
            }
        } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
            // Metadata is optional: a file whose pixels decoded is analysed as stored.
        }
        return 1;
    }

    /**
     * Converts any decoded image to packed 8-bit BGR. Gray images are converted from their raw
     * samples: drawing them through Java2D would treat ImageIO's linear gray colour space as
     * linear light and brighten them.
     */
    static BufferedImage toBgr(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Raster r = src.getRaster();
        int bands = r.getNumBands();
        boolean gray = src.getColorModel().getColorSpace().getNumComponents() == 1 && src.getColorModel().getNumComponents() == bands
                && !(src.getColorModel() instanceof java.awt.image.IndexColorModel);
        if (gray) {
            int bits = src.getColorModel().getComponentSize(0);
            boolean alpha = bands == 2;
            int alphaBits = alpha ? src.getColorModel().getComponentSize(1) : 0;
            int[] v = new int[w];
            int[] a = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, v);
                if (alpha) {
                    r.getSamples(0, y, w, 1, 1, a);
                }
                for (int x = 0; x < w; x++) {
                    int g = scaleTo8(v[x], bits);
                    if (alpha) {
                        g = overWhite(g, scaleTo8(a[x], alphaBits));
                    }
                    int o = (y * w + x) * 3;
                    dst[o] = dst[o + 1] = dst[o + 2] = (byte) g;
                }
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int alpha = p >>> 24;
                int o = (y * w + x) * 3;
                dst[o] = (byte) overWhite(p & 0xff, alpha);
                dst[o + 1] = (byte) overWhite((p >> 8) & 0xff, alpha);
                dst[o + 2] = (byte) overWhite((p >> 16) & 0xff, alpha);
            }
        }
        return out;
    }

    private static int scaleTo8(int value, int bits) {
        if (bits == 8) {
            return value;
        }
        long max = (1L << bits) - 1;
        return (int) Math.round(value * 255.0 / max);
    }

    private static int overWhite(int c, int alpha) {
        return (c * alpha + 255 * (255 - alpha) + 127) / 255;
    }

    /** Applies an EXIF orientation so the result is upright. */
    static BufferedImage orient(BufferedImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_3BYTE_BGR);
        byte[] s = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] d = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Where stored pixel (x, y) appears in the upright image, per the EXIF 2.3 table.
                int nx;
                int ny;
                switch (orientation) {
                    case 2 -> { nx = w - 1 - x; ny = y; }
                    case 3 -> { nx = w - 1 - x; ny = h - 1 - y; }
                    case 4 -> { nx = x; ny = h - 1 - y; }
                    case 5 -> { nx = y; ny = x; }
                    case 6 -> { nx = h - 1 - y; ny = x; }
                    case 7 -> { nx = h - 1 - y; ny = w - 1 - x; }
                    default -> { nx = y; ny = w - 1 - x; }
                }
                int si = (y * w + x) * 3;
                int di = (ny * ow + nx) * 3;
                d[di] = s[si];
                d[di + 1] = s[si + 1];
                d[di + 2] = s[si + 2];
            }
        }
        return out;
    }
}
