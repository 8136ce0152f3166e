/**
 * Where Maskwatch keeps its data, the same rule for the host, the commands and every bundle that
 * stores something.
 */
@Export
@Version("1.0.0")
package io.maskwatch.datadir;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
