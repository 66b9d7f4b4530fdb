package org.openedx.events.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param traceContext  the trace context of the send that stored it (W3C {@code traceparent},
 *                      {@code tracestate}), published with the event; empty when it was not traced
 */
public record StoredEvent(String topic, String fullTopic, String eventKeyField, EventEnvelope envelope,
                          Map<String, String> traceContext) {

    public StoredEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(fullTopic, "fullTopic");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(traceContext, "traceContext");
        // A copy in the carried order (traceparent first), as every backend writes it.
        traceContext = traceContext.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(traceContext));
    }

    /** An event stored without a trace context. */
    public StoredEvent(String topic, String fullTopic, String eventKeyField, EventEnvelope envelope) {
        this(topic, fullTopic, eventKeyField, envelope, Map.of());
    }

    /** The same event carrying {@code traceContext}. */
    public StoredEvent withTraceContext(Map<String, String> traceContext) {
        return new StoredEvent(topic, fullTopic, eventKeyField, envelope, traceContext);
    }
}
