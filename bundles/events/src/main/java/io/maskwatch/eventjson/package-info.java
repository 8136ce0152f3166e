/**
 * The one JSON form of a {@link io.maskwatch.api.MaskEvent}, shared by the host's event lines,
 * {@code events search}, {@code analyze} and the REST API so that they cannot drift apart.
 */
@Export
@Version("1.0.0")
package io.maskwatch.eventjson;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
