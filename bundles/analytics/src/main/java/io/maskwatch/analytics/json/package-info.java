/**
 * The JSON forms of events and overlays, one object per line, as documented in README.md and
 * described by docs/schema/event.schema.json and docs/schema/frame.schema.json.
 */
@Export
@Version("1.0.0")
package io.maskwatch.analytics.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
