/**
 * Signals and data records of the {@code analytics} subdomain (upstream {@code openedx_events.analytics}).
 */
package org.openedx.events.catalog.analytics;
