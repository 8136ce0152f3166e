package io.maskwatch.trainer;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.api.PixelBox;
import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.cli.ImageLoader;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** Decoding to packed BGR and cropping with the shared policy. */
public final class Images {

    private Images() {
    }

    /**
     * The loader {@code detect} uses too, so a face crop given to {@code classify} or found in a
     * dataset is decoded as the detection engine would decode it: EXIF orientation applied, gray,
     * 16-bit, palette and CMYK converted, truncated files refused.
     */
    private static final ImageLoader LOADER = new ImageLoader(ImageLoader.DEFAULT_MAX_PIXELS,
            "shrink it first: a face crop or a training photo needs far fewer pixels");

    /** Decodes an image file into a packed BGR frame; throws IOException, with a one-line reason, for unreadable files. */
    public static BgrFrame decode(Path file) throws IOException {
        try {
            return toBgr(LOADER.load(file));
        } catch (ImageLoader.ImageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Decodes image bytes already read (e.g. for hashing) into a packed BGR frame. */
    public static BgrFrame decode(byte[] encoded) throws IOException {
        try {
            return toBgr(LOADER.load(encoded));
        } catch (ImageLoader.ImageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public static BgrFrame toBgr(BufferedImage img) {
        BufferedImage bgr = img;
        if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            var g = bgr.createGraphics();
            g.drawImage(img, 0, 0, null);
            g.dispose();
        }
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return BgrFrame.packed(bgr.getWidth(), bgr.getHeight(), MemorySegment.ofArray(data));
    }

    /** The sample's face, cropped as {@link FaceCrop#square} with {@code cropScale}, as packed BGR bytes of {@code size × size}. */
    public static byte[] crop(Sample s, BgrFrame frame, int size, double cropScale) {
        PixelBox region = s.face() == null ? FaceCrop.whole(frame) : FaceCrop.square(s.face(), cropScale);
        return FaceCrop.resample(frame, region, size);
    }

    /**
     * Whether a face box can be shown bare, cut as it is: at least a pixel wide and tall. Annotated
     * boxes can be thinner (corners given in the wrong order are clamped to an empty side).
     */
    static boolean bareBoxUsable(PixelBox face) {
        return face != null && face.width() >= 1 && face.height() >= 1;
    }

    /**
     * Packed BGR bytes to the network input, {@code (v - mean) / scale}, in RGB order and
     * interleaved (HWC): the trainer hands PyTorch channels-last tensors (see
     * {@link TrainCommand#input}). The PrePostProcessor in the classifier bundle does the same
     * from model.json.
     */
    public static void toRgbHwc(byte[] bgr, int size, float mean, float scale, float[] dst, int offset) {
        int pixels = size * size;
        for (int i = 0; i < pixels; i++) {
            for (int c = 0; c < 3; c++) {
                dst[offset + i * 3 + c] = (Byte.toUnsignedInt(bgr[i * 3 + (2 - c)]) - mean) / scale;
            }
        }
    }
}
