package io.maskwatch.launcher.detect;

import io.maskwatch.api.BgrFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Puts a decoded picture where OpenVINO can read it without another copy. */
final class Frames {

    private Frames() {
    }

    /** A packed frame over a native copy of a {@link BufferedImage#TYPE_3BYTE_BGR} image, living in {@code arena}. */
    static BgrFrame of(BufferedImage bgr, Arena arena) {
        if (bgr.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            throw new IllegalArgumentException("expected a 3-byte BGR image, got type " + bgr.getType());
        }
        byte[] px = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        MemorySegment seg = arena.allocate(px.length, 64);
        MemorySegment.copy(px, 0, seg, ValueLayout.JAVA_BYTE, 0, px.length);
        return BgrFrame.packed(bgr.getWidth(), bgr.getHeight(), seg);
    }
}
