package org.openedx.events.bus;

import java.util.Objects;
import org.openedx.events.wire.Topics;

/**
 * Which producer a {@link DeliveryListener} hears from.
 *
 * @param system      the backend, as OpenTelemetry's {@code messaging.system}
 * @param topicPrefix {@code EVENT_BUS_TOPIC_PREFIX}, or null: what makes a topic the one on the bus
 */
public record ProducerInfo(String system, String topicPrefix) {

    public ProducerInfo {
        Objects.requireNonNull(system, "system");
    }

    /** A producer whose topics have no prefix. */
    public ProducerInfo(String system) {
        this(system, null);
    }

    /** A topic as on the bus ({@code <prefix>-<topic>}), as the producer writes it. */
    public String fullTopic(String topic) {
        return Topics.fullName(topicPrefix, topic);
    }
}
