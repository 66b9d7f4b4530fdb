/**
 * Implementation details (the registry, the producer bridge, UUID generation). Not API: may
 * change in any release.
 */
package org.openedx.events.internal;
