package org.openedx.events.settings;

import java.util.Objects;

/**
 * Where one event type goes on one topic.
 *
 * @param eventKeyField the dotted path of the message key in the event data
 * @param enabled       whether events are published to this topic
 */
public record TopicConfig(String eventKeyField, boolean enabled) {

    public TopicConfig {
        Objects.requireNonNull(eventKeyField, "eventKeyField");
    }
}
