package io.maskwatch.detector;

import io.maskwatch.api.PixelBox;

/** A face the detector found, before classification: where, and how sure (0..1). */
public record Face(PixelBox box, double score) {
}
