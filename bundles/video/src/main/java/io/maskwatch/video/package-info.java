/**
 * Camera reading for the analytic: one decoding thread per camera that keeps only the newest frame,
 * reconnects on a backoff ladder, and reports its state. Used by the analytics bundle.
 */
@Export
@Version("0.1.0")
package io.maskwatch.video;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
