package org.openedx.events.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the outbox as tools show it (without the event data's bytes).
 *
 * @param id         the row's sequence number, its order within the topic
 * @param fullTopic  the topic as on the bus
 * @param eventType  the event type
 * @param eventId    the event's id
 * @param key        the key text, or null
 * @param created    when it was written
 * @param attempts   failed attempts so far
 * @param lastError  the last failure, or null
 * @param parked     whether it is parked (its topic's relay waits at it)
 */
public record OutboxRow(long id, String fullTopic, String eventType, String eventId, String key, Instant created,
                        int attempts, String lastError, boolean parked) {

    public OutboxRow {
        Objects.requireNonNull(fullTopic, "fullTopic");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(created, "created");
    }
}
