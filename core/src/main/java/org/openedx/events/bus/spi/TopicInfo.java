package org.openedx.events.bus.spi;

import java.util.Objects;

/**
 * A topic on the bus and what it holds now.
 *
 * @param fullTopic     the topic as on the bus (with the prefix)
 * @param messages      how many messages it holds (retained, not trimmed away)
 * @param firstPosition the oldest message's position (per partition on Kafka, {@code p:o,...}); null when empty
 * @param lastPosition  the newest message's position; null when empty
 */
public record TopicInfo(String fullTopic, long messages, String firstPosition, String lastPosition) {

    public TopicInfo {
        Objects.requireNonNull(fullTopic, "fullTopic");
    }
}
