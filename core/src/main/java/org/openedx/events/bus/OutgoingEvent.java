package org.openedx.events.bus;

import java.util.Objects;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;

/**
 * One event to publish: what upstream's producer {@code send} takes.
 *
 * @param signal        the event's signal
 * @param topic         the topic, without the environment prefix
 * @param eventKeyField the dotted path of the message key in the event data; {@code null} for no key
 * @param data          the typed event data
 * @param metadata      the event's metadata
 */
public record OutgoingEvent(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData data,
                            EventsMetadata metadata) {

    public OutgoingEvent {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(metadata, "metadata");
        if (eventKeyField != null && eventKeyField.isBlank()) {
            eventKeyField = null;
        }
    }

    /** An event with new metadata from the running bus, for tools and tests. */
    public static OutgoingEvent of(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData data) {
        return new OutgoingEvent(signal, topic, eventKeyField, data, signal.generateSignalMetadata(null));
    }
}
