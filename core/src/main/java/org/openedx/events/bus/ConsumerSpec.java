package org.openedx.events.bus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one consumer reads: a topic (without prefix), a consumer group and the backend
 * options of {@code consume --extra}.
 */
public record ConsumerSpec(String topic, String groupId, Map<String, Object> extra) {

    public ConsumerSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("group id must not be blank");
        }
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public static ConsumerSpec of(String topic, String groupId) {
        return new ConsumerSpec(topic, groupId, Map.of());
    }
}
