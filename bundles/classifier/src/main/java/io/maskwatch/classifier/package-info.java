/**
 * The project's mask classifier: loads the exported OpenVINO IR with its model.json and labels
 * batches of face crops. The crop policy ({@link io.maskwatch.classifier.FaceCrop}) is public
 * so that the trainer and the detection engine crop exactly alike.
 */
@Export
@Version("0.3.0")
package io.maskwatch.classifier;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
