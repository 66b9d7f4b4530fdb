/**
 * Signals and data records of the {@code enterprise} subdomain (upstream {@code openedx_events.enterprise}).
 */
package org.openedx.events.catalog.enterprise;
