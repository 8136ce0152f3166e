/** Private implementation of the event store; other bundles use {@link io.maskwatch.api.EventStore}. */
package io.maskwatch.events;
