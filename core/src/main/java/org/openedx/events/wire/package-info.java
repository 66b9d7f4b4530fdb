/**
 * What every backend puts on the wire the same way: metadata fields and headers, topic names,
 * key extraction, and Python-compatible date-time, UUID and JSON text.
 */
package org.openedx.events.wire;
