/**
 * Signals and data records of the {@code learning} subdomain (upstream {@code openedx_events.learning}).
 */
package org.openedx.events.catalog.learning;
