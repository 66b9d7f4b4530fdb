package org.openedx.events.bus;

import java.time.Duration;
import java.util.List;

/**
 * Hears what the delivery pipeline does, on every backend: the one place where metrics,
 * tracing and tools plug in. Called on the consumer's or producer's own threads, so it must
 * be quick and must not throw (a listener's exception is logged and ignored). Every method
 * does nothing by default.
 */
public interface DeliveryListener {

    /** Hears nothing. */
    DeliveryListener NONE = new DeliveryListener() {
    };

    /**
     * A listener that tells each of these, in order; one that throws is logged and the others
     * still hear.
     */
    static DeliveryListener of(List<? extends DeliveryListener> listeners) {
        List<DeliveryListener> all = listeners.stream().filter(l -> l != NONE).map(DeliveryListener.class::cast)
                .toList();
        return all.isEmpty() ? NONE : new Listeners(all);
    }

    /** The consumer reached its backend for the first time and consumes. */
    default void started(ConsumerInfo consumer) {
    }

    /** A consumer read and decoded an event, before its receivers run. */
    default void received(ConsumerInfo consumer, InboundEvent event) {
    }

    /** Every receiver handled the event, after {@code attempts} attempts in {@code nanos} in all. */
    default void handled(ConsumerInfo consumer, InboundEvent event, int attempts, long nanos) {
    }

    /** Some receiver failed on attempt {@code attempt}; {@link #retrying}, {@link #deadLettered} or {@link #gaveUp} follows. */
    default void attemptFailed(ConsumerInfo consumer, InboundEvent event, int attempt, Throwable error) {
    }

    /** Attempt {@code attempt} starts after {@code delay}. */
    default void retrying(ConsumerInfo consumer, InboundEvent event, int attempt, Duration delay) {
    }

    /** A message could not be decoded; {@link #deadLettered} follows. */
    default void undecodable(ConsumerInfo consumer, String position, Throwable error) {
    }

    /**
     * A message went to the dead-letter topic.
     *
     * @param event    the event, or {@code null} when the message could not be decoded
     * @param position where the message was, e.g. a stream entry id
     * @param letter   where the dead letter is, e.g. its entry id on the dead-letter stream
     */
    default void deadLettered(ConsumerInfo consumer, InboundEvent event, String position, String letter,
                              int attempts, Throwable error) {
    }

    /**
     * A message of a dead-letter topic failed too; it stays where it is, since a dead letter is
     * never dead-lettered again, and the consumer goes on.
     *
     * @param event the event, or {@code null} when the message could not be decoded
     */
    default void gaveUp(ConsumerInfo consumer, InboundEvent event, String position, int attempts, Throwable error) {
    }

    /** The consumer committed (acknowledged) its progress. */
    default void committed(ConsumerInfo consumer) {
    }

    /** The connection to the backend was lost, or could not be made; the consumer will try again. */
    default void connectionLost(ConsumerInfo consumer, Throwable error) {
    }

    /** The connection is back. */
    default void connectionRestored(ConsumerInfo consumer) {
    }

    /** The consumer ended: {@code error} is null after a stop, or why it ended. */
    default void stopped(ConsumerInfo consumer, Throwable error) {
    }

    /** A producer took an event. */
    default void sending(ProducerInfo producer, OutgoingEvent event) {
    }

    /** The backend confirmed an event, {@code nanos} after it was sent. */
    default void delivered(ProducerInfo producer, OutgoingEvent event, String position, long nanos) {
    }

    /** An event could not be delivered (it is logged with its data and metadata). */
    default void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
    }
}
