/** Camera pipelines: components, tracking, events. Private; the JSON forms are in {@code io.maskwatch.analytics.json}. */
package io.maskwatch.analytics;
