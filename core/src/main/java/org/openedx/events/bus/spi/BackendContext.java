package org.openedx.events.bus.spi;

import java.time.Clock;
import java.util.Objects;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.Topics;

/**
 * What a backend is given to create its transports.
 *
 * @param settings    every setting of the process
 * @param topicPrefix {@code EVENT_BUS_TOPIC_PREFIX}, or null
 * @param clock       the time of stored and dead-lettered messages
 */
public record BackendContext(Settings settings, String topicPrefix, Clock clock) {

    public BackendContext {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
    }

    /** The context of these settings. */
    public static BackendContext of(Settings settings, Clock clock) {
        return new BackendContext(settings, EventBusSettings.topicPrefix(settings).orElse(null), clock);
    }

    /** A topic as on the bus: {@code <prefix>-<topic>} when a prefix is set (upstream {@code get_full_topic}). */
    public String fullTopic(String topic) {
        return Topics.fullName(topicPrefix, topic);
    }
}
