package org.openedx.events.wire;

import java.util.Objects;

/**
 * An event encoded for its topic and kept to be published later (an outbox row): its envelope
 * holds the metadata, the key text and the event data's bytes exactly as the backend sends them,
 * so publishing it needs neither the event data's Java types nor a second encoding.
 *
 * @param topic         the topic as the producer config names it, without the environment prefix
 * @param fullTopic     the topic as on the bus, the one the event is published to
 * @param eventKeyField the dotted path of the key in the event data, or {@code null}
 * @param envelope      the metadata, the key text ({@code null} for none or when the backend has
 *                      no keys) and the encoded event data
 */
public record StoredEvent(String topic, String fullTopic, String eventKeyField, EventEnvelope envelope) {

    public StoredEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(fullTopic, "fullTopic");
        Objects.requireNonNull(envelope, "envelope");
    }
}
