package io.maskwatch.trainer;

import io.maskwatch.api.PixelBox;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Augmentation for CCTV faces, from a crop stored at twice the input size. A few thousand faces,
 * mostly sharp and frontal, have to stand in for every camera, so the variety comes from here:
 * geometry (flip, scale, shift, rotation), resolution (small, blurry faces from far cameras),
 * photometry (brightness, contrast, gamma, colour cast, grayscale/IR), noise and JPEG artefacts.
 */
final class Augmenter {

    private static final double LOW_RES_P = 0.3;
    private static final double LOW_RES_MIN = 0.2;
    private static final double LOW_RES_MAX = 0.8;
    private static final double MARGIN_MIN = 1.1;
    private static final double MARGIN_MAX = 1.3;

    private final int size;
    private final float mean;
    private final float scale;
    private final double cropScale;
    private final double boxCrops;
    private final double marginCrops;
    private final double context;

    /**
     * @param cropScale the crop policy's square side over the face box's long side
     * @param boxCrops  the share of faces with a box shown as that bare box stretched to a square:
     *                  face crops that integrators cut at their own detector's boxes, or at
     *                  annotated boxes, reach {@code classify} that way, without the policy's margin
     *                  and with the face's own aspect ratio
     * @param marginCrops the share of faces with a box shown with a margin: the square, or the bare
     *                  box, widened {@value #MARGIN_MIN}-{@value #MARGIN_MAX} times (up to about 1.5
     *                  with the scale jitter), as crops that another detector cut with a margin reach
     *                  {@code classify}; the jitter zooms out no further than the stored context
     * @param context   how many times wider than the policy's square the stored crops of faces with
     *                  a box were cut (1: exactly the square). Zooming out, shifting and rotating
     *                  then show the pixels around the crop, as the inference crop of a face in a
     *                  frame does, instead of black: with a tight policy black would hug the face
     */
    Augmenter(int size, float mean, float scale, double cropScale, double boxCrops, double marginCrops, double context) {
        this.size = size;
        this.mean = mean;
        this.scale = scale;
        this.cropScale = cropScale;
        this.boxCrops = boxCrops;
        this.marginCrops = marginCrops;
        this.context = context;
    }

    /**
     * Writes one augmented sample, interleaved RGB normalised (as {@link Images#toRgbHwc}), at
     * {@code dst[offset]}. {@code face} is the sample's box, null for an image that is a face crop.
     */
    void augment(byte[] base, int baseSize, PixelBox face, SplittableRandom rnd, float[] dst, int offset) {
        // Drawn only when box crops are on, so that the default draws the same random stream as
        // the runs before the option existed.
        boolean bareBox = face != null && boxCrops > 0 && rnd.nextDouble() < boxCrops && Images.bareBoxUsable(face);
        double spanX = 1, spanY = 1;
        double margin = 1;
        if (bareBox) {
            double longSide = Math.max(face.width(), face.height());
            spanX = face.width() / longSide / cropScale;
            spanY = face.height() / longSide / cropScale;
        }
        if (face != null) {
            // Drawn only when margins are on, for the same reason as above.
            margin = marginCrops > 0 && rnd.nextDouble() < marginCrops
                    ? MARGIN_MIN + (MARGIN_MAX - MARGIN_MIN) * rnd.nextDouble() : 1;
            spanX *= margin / context;
            spanY *= margin / context;
        }
        // Resolution first: a face seen at r pixels and shown to the net at `size`. Going down to
        // 10 % (log-uniform, p 0.35) scored lower, on the small faces too (one 96 px run each; see
        // the model card).
        int r = rnd.nextDouble() < LOW_RES_P ? (int) (size * (LOW_RES_MIN + (LOW_RES_MAX - LOW_RES_MIN) * rnd.nextDouble())) : size;
        float[] img = warp(base, baseSize, r, spanX, spanY, margin > 1, rnd);
        if (r != size) {
            img = resize(img, r, size);
        }
        if (rnd.nextDouble() < 0.15) {
            img = blur(img, size);
        }
        photometric(img, rnd);
        if (rnd.nextDouble() < 0.2) {
            jpeg(img, 10 + rnd.nextInt(50));
        }
        if (rnd.nextDouble() < 0.2) {
            double sigma = 2 + 6 * rnd.nextDouble();
            java.util.Random g = new java.util.Random(rnd.nextLong());
            for (int i = 0; i < img.length; i++) {
                img[i] += (float) (g.nextGaussian() * sigma);
            }
        }
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                dst[offset + i * 3 + c] = (clamp255(Math.round(img[c * plane + i])) - mean) / scale;
            }
        }
    }

    /**
     * Random similarity transform of the centre {@code spanX × spanY} of the base crop (1 × 1: all
     * of it) into an r×r planar RGB image; black outside. With {@code fit}, the zoom is raised where
     * needed so that the rotated, shifted corners stay inside the base crop: a margin is meant to
     * show the face's surroundings, not black.
     */
    private float[] warp(byte[] base, int b, int r, double spanX, double spanY, boolean fit, SplittableRandom rnd) {
        double zoom = 0.85 + 0.3 * rnd.nextDouble();
        double angle = Math.toRadians((rnd.nextDouble() * 2 - 1) * 12);
        double tx = (rnd.nextDouble() * 2 - 1) * 0.08 * b * spanX;
        double ty = (rnd.nextDouble() * 2 - 1) * 0.08 * b * spanY;
        boolean flip = rnd.nextBoolean();
        double cos = Math.cos(angle), sin = Math.sin(angle);
        if (fit) {
            double ac = Math.abs(cos), as = Math.abs(sin);
            double fitX = (spanX * ac + spanY * as) / (1 - 2 * Math.abs(tx) / b);
            double fitY = (spanX * as + spanY * ac) / (1 - 2 * Math.abs(ty) / b);
            zoom = Math.max(zoom, Math.max(fitX, fitY));
        }
        double unit = (double) b / r / zoom;
        // Shrinking more than 2× averages a few taps, as the inference crop does.
        int taps = Math.max(1, (int) Math.ceil(unit * Math.max(spanX, spanY) - 1e-9));
        float[] out = new float[3 * r * r];
        int plane = r * r;
        for (int oy = 0; oy < r; oy++) {
            for (int ox = 0; ox < r; ox++) {
                float s0 = 0, s1 = 0, s2 = 0;
                for (int ty2 = 0; ty2 < taps; ty2++) {
                    for (int tx2 = 0; tx2 < taps; tx2++) {
                        double u = (ox + (tx2 + 0.5) / taps - r / 2.0) * unit * spanX;
                        double v = (oy + (ty2 + 0.5) / taps - r / 2.0) * unit * spanY;
                        if (flip) {
                            u = -u;
                        }
                        double sx = b / 2.0 + cos * u - sin * v + tx - 0.5;
                        double sy = b / 2.0 + sin * u + cos * v + ty - 0.5;
                        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                        float fx = (float) (sx - x0), fy = (float) (sy - y0);
                        for (int c = 0; c < 3; c++) {
                            float p00 = px(base, b, x0, y0, c), p01 = px(base, b, x0 + 1, y0, c);
                            float p10 = px(base, b, x0, y0 + 1, c), p11 = px(base, b, x0 + 1, y0 + 1, c);
                            float top = p00 + (p01 - p00) * fx;
                            float v2 = top + (p10 + (p11 - p10) * fx - top) * fy;
                            if (c == 0) s0 += v2; else if (c == 1) s1 += v2; else s2 += v2;
                        }
                    }
                }
                int n = taps * taps;
                int i = oy * r + ox;
                // base is BGR; planes are RGB.
                out[i] = s2 / n;
                out[plane + i] = s1 / n;
                out[2 * plane + i] = s0 / n;
            }
        }
        return out;
    }

    private static float px(byte[] img, int b, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= b || y >= b) {
            return 0f;
        }
        return Byte.toUnsignedInt(img[(y * b + x) * 3 + c]);
    }

    /** Bilinear resize of planar RGB, used to bring a low-resolution face back up to size. */
    static float[] resize(float[] src, int from, int to) {
        float[] out = new float[3 * to * to];
        double step = (double) from / to;
        for (int c = 0; c < 3; c++) {
            int sp = c * from * from, dp = c * to * to;
            for (int oy = 0; oy < to; oy++) {
                double sy = Math.clamp((oy + 0.5) * step - 0.5, 0, from - 1);
                int y0 = (int) sy, y1 = Math.min(y0 + 1, from - 1);
                float fy = (float) (sy - y0);
                for (int ox = 0; ox < to; ox++) {
                    double sx = Math.clamp((ox + 0.5) * step - 0.5, 0, from - 1);
                    int x0 = (int) sx, x1 = Math.min(x0 + 1, from - 1);
                    float fx = (float) (sx - x0);
                    float top = src[sp + y0 * from + x0] + (src[sp + y0 * from + x1] - src[sp + y0 * from + x0]) * fx;
                    float bot = src[sp + y1 * from + x0] + (src[sp + y1 * from + x1] - src[sp + y1 * from + x0]) * fx;
                    out[dp + oy * to + ox] = top + (bot - top) * fy;
                }
            }
        }
        return out;
    }

    private static float[] blur(float[] src, int s) {
        float[] out = new float[src.length];
        float[] k = {0.25f, 0.5f, 0.25f};
        float[] tmp = new float[src.length];
        for (int c = 0; c < 3; c++) {
            int p = c * s * s;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float acc = 0;
                    for (int d = -1; d <= 1; d++) {
                        acc += k[d + 1] * src[p + y * s + Math.clamp(x + d, 0, s - 1)];
                    }
                    tmp[p + y * s + x] = acc;
                }
            }
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float acc = 0;
                    for (int d = -1; d <= 1; d++) {
                        acc += k[d + 1] * tmp[p + Math.clamp(y + d, 0, s - 1) * s + x];
                    }
                    out[p + y * s + x] = acc;
                }
            }
        }
        return out;
    }

    private void photometric(float[] img, SplittableRandom rnd) {
        int plane = size * size;
        if (rnd.nextDouble() < 0.15) {
            // Grayscale, as from an IR or monochrome camera.
            for (int i = 0; i < plane; i++) {
                float y = 0.299f * img[i] + 0.587f * img[plane + i] + 0.114f * img[2 * plane + i];
                img[i] = img[plane + i] = img[2 * plane + i] = y;
            }
        }
        double brightness = (rnd.nextDouble() * 2 - 1) * 0.25 * 255;
        double contrast = 0.65 + 0.7 * rnd.nextDouble();
        double gamma = Math.exp((rnd.nextDouble() * 2 - 1) * 0.4);
        double[] cast = new double[3];
        for (int c = 0; c < 3; c++) {
            cast[c] = 1 + (rnd.nextDouble() * 2 - 1) * 0.08;
        }
        // Gamma through a table on the rounded level rather than Math.pow per pixel: augmenting
        // shares the two cores with training.
        float[] curve = new float[256];
        for (int level = 0; level < 256; level++) {
            curve[level] = (float) (Math.pow(level / 255.0, gamma) * 255.0);
        }
        double meanLevel = 0;
        for (float v : img) {
            meanLevel += v;
        }
        meanLevel /= img.length;
        for (int c = 0; c < 3; c++) {
            float gain = (float) (contrast * cast[c]);
            float offset = (float) ((meanLevel * (1 - contrast) + brightness) * cast[c]);
            for (int i = 0; i < plane; i++) {
                int j = c * plane + i;
                img[j] = curve[clamp255(Math.round(img[j]))] * gain + offset;
            }
        }
    }

    private void jpeg(float[] img, int quality) {
        int plane = size * size;
        BufferedImage bi = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            d[i * 3] = (byte) clamp255(Math.round(img[2 * plane + i]));
            d[i * 3 + 1] = (byte) clamp255(Math.round(img[plane + i]));
            d[i * 3 + 2] = (byte) clamp255(Math.round(img[i]));
        }
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
                w.setOutput(out);
                ImageWriteParam p = w.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
                w.write(null, new IIOImage(bi, null, null), p);
            } finally {
                w.dispose();
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bos.toByteArray()));
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = back.getRGB(x, y);
                    int i = y * size + x;
                    img[i] = (rgb >> 16) & 0xff;
                    img[plane + i] = (rgb >> 8) & 0xff;
                    img[2 * plane + i] = rgb & 0xff;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp255(int v) {
        return Math.clamp(v, 0, 255);
    }
}
