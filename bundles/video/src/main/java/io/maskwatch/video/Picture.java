package io.maskwatch.video;

import java.lang.foreign.MemorySegment;

/**
 * A decoded BGR picture borrowed from a {@link Decoder}: valid until the decoder's next call.
 *
 * @param mediaSeconds presentation time from the start of the stream or file, or NaN when unknown
 */
public record Picture(int width, int height, int rowStride, MemorySegment pixels, double mediaSeconds) {
}
