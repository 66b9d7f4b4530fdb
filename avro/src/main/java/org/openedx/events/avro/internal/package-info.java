/**
 * The engine behind {@link org.openedx.events.avro.AvroEventSerializer}: schema generation,
 * per-event codec plans and helpers. Not an API: these types may change at any time.
 */
package org.openedx.events.avro.internal;
