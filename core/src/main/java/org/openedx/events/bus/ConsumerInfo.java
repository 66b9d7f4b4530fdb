package org.openedx.events.bus;

import java.util.Objects;

/**
 * Which consumer a {@link DeliveryListener} hears from.
 *
 * @param system       the backend, as OpenTelemetry's {@code messaging.system}: {@code embedded},
 *                     {@code redis}, {@code kafka}, ...
 * @param topic        the topic, without the environment prefix
 * @param fullTopic    the topic as on the bus ({@code <prefix>-<topic>})
 * @param group        the consumer group
 * @param consumerName this consumer's name in its group, where the backend has one
 */
public record ConsumerInfo(String system, String topic, String fullTopic, String group, String consumerName) {

    public ConsumerInfo {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(fullTopic, "fullTopic");
        Objects.requireNonNull(group, "group");
    }

    /** {@code topic 't', group 'g'}, for messages. */
    public String describe() {
        return "topic '" + fullTopic + "', group '" + group + "'";
    }
}
