package org.openedx.events.bus.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as it is on a topic, read by {@link BusAdmin#read}.
 *
 * @param position   where it is
 * @param time       when the backend stored it
 * @param eventType  its metadata's event type as it reads, or null when it has none
 * @param eventId    its metadata's id as it reads, or null when it has none
 * @param value      the event data's bytes as stored (on Kafka with the registry's schema id first)
 * @param deadLetter the dead letter's attributes, or null when it is not a dead letter
 * @param decoded    its event, or why there is none
 */
public record StoredMessage(String position, Instant time, String eventType, String eventId, byte[] value,
                           DeadLetter deadLetter, DecodeResult decoded) {

    public StoredMessage {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(decoded, "decoded");
        value = value == null ? new byte[0] : value;
    }
}
