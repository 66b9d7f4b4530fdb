package org.openedx.events.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What waits in the outbox for one topic.
 *
 * @param fullTopic   the topic as on the bus
 * @param rows        rows not yet published, parked ones included
 * @param parked      rows parked after their last attempt; the topic's relay waits at the first
 * @param oldestAge   how long the oldest row has waited
 * @param maxAttempts the most failed attempts of a row
 */
public record OutboxTopicStatus(String fullTopic, long rows, long parked, Duration oldestAge, int maxAttempts) {

    public OutboxTopicStatus {
        Objects.requireNonNull(fullTopic, "fullTopic");
        Objects.requireNonNull(oldestAge, "oldestAge");
    }
}
