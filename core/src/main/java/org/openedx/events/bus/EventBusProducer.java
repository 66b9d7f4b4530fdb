package org.openedx.events.bus;

import java.time.Duration;

/**
 * Puts events on the bus (upstream's producer {@code send}). Sending never fails the caller's
 * request because of the bus: a failed delivery is logged with the event's data and metadata
 * (enough to send it again), counted, and reported by the next {@link #flush}.
 */
public interface EventBusProducer extends AutoCloseable {

    /** Publishes one event; returns before it is delivered. */
    void send(OutgoingEvent event);

    /**
     * Waits up to {@code timeout} for the events sent so far to be delivered.
     *
     * @return whether all were, and none failed since the previous flush
     */
    boolean flush(Duration timeout);

    /** What this producer has done so far. */
    ProducerStats stats();

    /** How this producer is now: whether the backend confirms its events, when it last did, what is pending. */
    ProducerHealth health();

    /** Waits for the events in flight (up to the backend's delivery timeout) and releases connections. */
    @Override
    void close();
}
