/**
 * The delivery pipeline (the producer and consumer every backend is wrapped in) and the producer
 * bridge. Not API: may change in any release; no other module uses it.
 */
package org.openedx.events.bus.internal;
