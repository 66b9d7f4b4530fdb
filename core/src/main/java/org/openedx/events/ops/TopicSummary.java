package org.openedx.events.ops;

import java.util.Objects;

/**
 * A topic on the bus with its dead-letter topic's size.
 *
 * @param topic         the topic without the prefix
 * @param fullTopic     the topic as on the bus
 * @param messages      how many messages it holds
 * @param firstPosition the oldest message's position, or null when empty
 * @param lastPosition  the newest message's position, or null when empty
 * @param deadLetters   how many messages its dead-letter topic holds
 */
public record TopicSummary(String topic, String fullTopic, long messages, String firstPosition, String lastPosition,
                           long deadLetters) {

    public TopicSummary {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(fullTopic, "fullTopic");
    }
}
