package org.openedx.events.bus.spi;

import java.time.Duration;

/**
 * What a backend does to publish: write an encoded event to its topic and say when the backend
 * has it. Core's producer pipeline does the rest (key extraction, encoding, failure logging,
 * counters, listeners, flush, the shutdown hook).
 */
public interface ProducerTransport {

    /**
     * Writes one event, in order after the previous ones of its topic. Must call exactly one of
     * the callback's methods, once, on any thread, and may wait for room (backpressure) but not
     * for the backend's answer.
     */
    void write(EncodedEvent event, WriteCallback callback);

    /**
     * Whether the backend carries a message key; when it does not (Redis streams have none), the
     * pipeline does not look for the key at {@code event_key_field}, as upstream's Redis
     * producer ignores that field.
     */
    default boolean usesKeys() {
        return true;
    }

    /**
     * What the transport holds that the backend has not confirmed, though the producer was told
     * it is delivered (a spool's); the producer's health counts it as pending, and its problem
     * as the backend's. Called from any thread, at health checks and metric scrapes.
     */
    default Backlog backlog() {
        return Backlog.NONE;
    }

    /** How long {@link #close} and a flush at exit wait for events in flight by default. */
    Duration deliveryTimeout();

    /** Waits up to {@code timeout} for events in flight to be confirmed or failed, then releases connections. */
    void close(Duration timeout);

    /** Told the outcome of one write. */
    interface WriteCallback {
        /** The backend has the event, at {@code position} (an entry id, {@code partition:offset}, ...). */
        void delivered(EncodedEvent event, String position);

        /** The event could not be written; it is logged and counted. */
        void failed(EncodedEvent event, Throwable error);
    }
}
