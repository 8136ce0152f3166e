/**
 * The stable, versioned contract between Maskwatch and its host: frames in, labelled face
 * detections out. Implementations live in private packages of other bundles.
 */
@Export
@Version("1.1.0")
package io.maskwatch.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
