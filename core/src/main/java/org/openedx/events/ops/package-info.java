/**
 * Operating the bus: topics, consumer groups and their lag, dead letters (list, show, send back,
 * remove) and moving a group's position, the same on every backend, from code or from the
 * {@code openedx-events} command line. {@link org.openedx.events.ops.BusOperations} holds the rules;
 * each backend supplies the primitives of {@link org.openedx.events.bus.spi.BusAdmin}.
 */
package org.openedx.events.ops;
