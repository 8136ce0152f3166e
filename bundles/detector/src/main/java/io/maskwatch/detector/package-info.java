/**
 * Face detection on OpenVINO and the {@link io.maskwatch.api.MaskDetector} built on it. Private to
 * the bundle: the host sees only the {@code MaskDetector} service. The classes are plain Java so
 * that the command-line tools use them without an OSGi framework.
 */
package io.maskwatch.detector;
