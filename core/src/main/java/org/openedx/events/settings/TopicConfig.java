package org.openedx.events.settings;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one event type goes on one topic.
 *
 * @param eventKeyField the dotted path of the message key in the event data
 * @param enabled       whether events are published to this topic
 * @param mode          the entry's own production mode ({@code mode}), when it names one; a key
 *                      upstream ignores, so the same config still serves a Python service
 */
public record TopicConfig(String eventKeyField, boolean enabled, Optional<ProductionMode> mode) {

    public TopicConfig {
        Objects.requireNonNull(eventKeyField, "eventKeyField");
        Objects.requireNonNull(mode, "mode");
    }

    /** An entry without a mode of its own. */
    public TopicConfig(String eventKeyField, boolean enabled) {
        this(eventKeyField, enabled, Optional.empty());
    }

    /** The entry's mode, else the default of {@code EVENT_BUS_PRODUCER_MODE}. */
    public ProductionMode modeOr(ProductionMode defaultMode) {
        return mode.orElse(defaultMode);
    }
}
