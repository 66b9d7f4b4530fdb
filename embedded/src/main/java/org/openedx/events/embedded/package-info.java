/**
 * The embedded event bus: a SQLite file shared by every process on the machine, selected with
 * {@code EVENT_BUS_PRODUCER=embedded} / {@code EVENT_BUS_CONSUMER=embedded}.
 */
package org.openedx.events.embedded;
