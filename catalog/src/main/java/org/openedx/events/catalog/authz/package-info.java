/**
 * Signals and data records of the {@code authz} subdomain (upstream {@code openedx_events.authz}).
 */
package org.openedx.events.catalog.authz;
