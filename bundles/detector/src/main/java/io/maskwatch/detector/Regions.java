package io.maskwatch.detector;

import io.maskwatch.api.BgrFrame;
import io.maskwatch.classifier.FaceCrop;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Copies the regions of a pass out of a frame into one packed NHWC batch. */
final class Regions {

    private Regions() {
    }

    /** A zero-filled batch in {@code arena}; each region's part inside the frame is copied row by row. */
    static MemorySegment copy(BgrFrame frame, Pass pass, Arena arena) {
        int rw = pass.regionWidth();
        int rh = pass.regionHeight();
        long regionBytes = (long) rw * rh * 3;
        MemorySegment dst = arena.allocate(regionBytes * pass.origins().size());
        MemorySegment src = frame.pixels();
        for (int r = 0; r < pass.origins().size(); r++) {
            int ox = pass.origins().get(r)[0];
            int oy = pass.origins().get(r)[1];
            int x0 = Math.max(0, ox);
            int x1 = Math.min(frame.width(), ox + rw);
            if (x1 <= x0) {
                continue;
            }
            long rowBytes = (long) (x1 - x0) * 3;
            for (int y = Math.max(0, oy); y < Math.min(frame.height(), oy + rh); y++) {
                long from = (long) y * frame.rowStride() + (long) x0 * 3;
                long to = r * regionBytes + ((long) (y - oy) * rw + (x0 - ox)) * 3;
                MemorySegment.copy(src, from, dst, to, rowBytes);
            }
        }
        return dst;
    }

    /** A left-right mirrored, packed copy of a frame in {@code arena}. */
    static BgrFrame mirror(BgrFrame frame, Arena arena) {
        MemorySegment dst = arena.allocate((long) frame.width() * frame.height() * 3);
        FaceCrop.mirror(frame.pixels(), 0, frame.rowStride(), dst, 0, frame.width(), frame.height());
        return BgrFrame.packed(frame.width(), frame.height(), dst);
    }
}
