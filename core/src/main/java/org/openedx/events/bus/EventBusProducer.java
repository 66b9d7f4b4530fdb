package org.openedx.events.bus;

import java.time.Duration;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;

/**
 * Puts events on the bus (upstream's producer {@code send}). Implementations catch and log
 * their own delivery failures, with the event data and metadata, so that sending never
 * fails the caller's request because of the bus.
 */
public interface EventBusProducer extends AutoCloseable {

    /**
     * Publishes one event.
     *
     * @param signal        the event's signal
     * @param topic         the topic, without the environment prefix
     * @param eventKeyField the dotted path of the message key in the event data
     * @param eventData     the typed event data
     * @param metadata      the event's metadata
     */
    void send(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData eventData,
              EventsMetadata metadata);

    /** Waits up to {@code timeout} for events sent so far to be delivered; returns whether all were. */
    default boolean flush(Duration timeout) {
        return true;
    }

    /** Flushes and releases connections. */
    @Override
    default void close() {
    }
}
