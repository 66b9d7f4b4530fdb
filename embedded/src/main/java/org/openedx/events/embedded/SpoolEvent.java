package org.openedx.events.embedded;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of the spool as tools show it (without the event data's bytes).
 *
 * @param position  its position in the spool, its order among the spool's events
 * @param topic     the topic as on the bus (prefix included)
 * @param eventType the event type
 * @param eventId   the event's id
 * @param stored    when the spool took it
 * @param attempts  the backend's refusals so far (a backend that cannot be reached counts none)
 * @param lastError the last refusal, or null
 * @param parked    whether it is parked (its topic's forwarding waits at it)
 */
public record SpoolEvent(long position, String topic, String eventType, String eventId, Instant stored, int attempts,
                         String lastError, boolean parked) {

    public SpoolEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(stored, "stored");
    }
}
