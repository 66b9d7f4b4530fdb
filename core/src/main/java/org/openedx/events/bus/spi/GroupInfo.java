package org.openedx.events.bus.spi;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A consumer group of a topic.
 *
 * @param group     the group's name
 * @param position  the last message it is done with (a stream entry id, {@code p:o,...} of the next
 *                  offsets on Kafka, a store position); null when it has none yet
 * @param lag       the messages after its position, not yet handled; empty when the backend cannot tell
 * @param pending   messages handed to a consumer and not yet acknowledged; empty where the backend has no such list
 * @param consumers the consumers seen in the group
 * @param note      what else an operator must know (a trimmed stream, an expired lease); null when nothing
 */
public record GroupInfo(String group, String position, OptionalLong lag, OptionalLong pending, List<String> consumers,
                        String note) {

    public GroupInfo {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(pending, "pending");
        consumers = List.copyOf(consumers);
    }
}
