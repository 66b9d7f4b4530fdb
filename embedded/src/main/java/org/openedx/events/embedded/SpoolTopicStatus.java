package org.openedx.events.embedded;

import java.time.Duration;
import java.util.Objects;

/**
 * What waits in the spool for one topic.
 *
 * @param topic     the topic as on the bus (prefix included)
 * @param events    events not yet forwarded, parked ones included
 * @param parked    events parked after their last attempt; the topic's forwarding waits at the first
 * @param oldestAge how long the oldest event has waited
 */
public record SpoolTopicStatus(String topic, long events, long parked, Duration oldestAge) {

    public SpoolTopicStatus {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(oldestAge, "oldestAge");
    }
}
