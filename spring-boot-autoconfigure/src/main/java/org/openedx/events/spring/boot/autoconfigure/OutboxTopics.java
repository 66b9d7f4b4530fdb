package org.openedx.events.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.ProductionMode;

/**
 * The enabled topic entries of {@code EVENT_BUS_PRODUCER_CONFIG} in {@code outbox} mode, and what a
 * start-up without an outbox says about them. Free of the outbox module's types, so that it serves
 * when that module is not on the class path.
 */
record OutboxTopics(List<Entry> entries) {

    /** One topic entry in outbox mode, and whether its own {@code mode} says so (else the default does). */
    record Entry(String eventType, String topic, boolean ownMode) {
    }

    static OutboxTopics of(EventBusSettings settings) {
        List<Entry> entries = new ArrayList<>();
        for (String eventType : settings.producerConfig().eventTypes()) {
            settings.producerConfig().topics(eventType).forEach((topic, config) -> {
                if (config.enabled() && config.modeOr(settings.producerMode()) == ProductionMode.OUTBOX) {
                    entries.add(new Entry(eventType, topic, config.mode().isPresent()));
                }
            });
        }
        return new OutboxTopics(List.copyOf(entries));
    }

    boolean any() {
        return !entries.isEmpty();
    }

    /**
     * Why the bus cannot start: the first outbox topic, the setting that puts it in that mode, and
     * what is missing.
     */
    String missing(String what) {
        Entry first = entries.get(0);
        String setting = first.ownMode()
                ? "its entry's 'mode' in openedx.events.producer-config (EVENT_BUS_PRODUCER_CONFIG)"
                : "openedx.events.producer-mode (EVENT_BUS_PRODUCER_MODE)";
        return "Event type " + first.eventType() + ", topic '" + first.topic() + "': mode 'outbox' (set by " + setting
                + ") needs " + what;
    }
}
