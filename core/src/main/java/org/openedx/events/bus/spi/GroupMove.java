package org.openedx.events.bus.spi;

/**
 * A group's position before and after {@link BusAdmin#moveGroup}.
 *
 * @param oldPosition what {@link GroupInfo#position()} was
 * @param newPosition what it is now
 * @param toHandle    the messages the group now has to handle
 */
public record GroupMove(String oldPosition, String newPosition, long toHandle) {
}
