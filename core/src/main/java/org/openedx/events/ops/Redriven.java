package org.openedx.events.ops;

import org.openedx.events.bus.spi.StoredMessage;

/**
 * A dead letter sent back to its topic.
 *
 * @param letter      the dead letter as it was
 * @param fullTopic   where it went, as on the bus
 * @param newPosition where it is now; null on a dry run
 */
public record Redriven(StoredMessage letter, String fullTopic, String newPosition) {
}
