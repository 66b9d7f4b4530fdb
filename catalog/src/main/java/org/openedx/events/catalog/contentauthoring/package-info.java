/**
 * Signals and data records of the {@code content_authoring} subdomain (upstream {@code openedx_events.content_authoring}).
 */
package org.openedx.events.catalog.contentauthoring;
