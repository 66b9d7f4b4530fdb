/**
 * Avro for Open edX events: the schema of each event generated from its data types, and the
 * schemaless Avro binary codec that writes the same bytes as openedx-events (Python).
 *
 * <p>{@link org.openedx.events.avro.AvroEventSerializer} is the entry point.
 */
package org.openedx.events.avro;
