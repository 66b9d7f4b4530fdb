package org.openedx.events.bus.spi;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a backend does to consume one topic for one group: connect, fetch batches, commit what
 * the pipeline is done with, write dead letters. Core's consumer pipeline does the rest
 * (decoding results, receivers, retries, dead-letter decisions, limits, audit log, counters,
 * listeners, reconnecting with backoff). Used by the consumer's thread only, except
 * {@link #stopping()}.
 *
 * <p>A failure to reach the backend is a {@link TransportException}: the pipeline waits and
 * calls {@link #connect()} again. Any other exception ends the consumer.
 */
public interface ConsumerTransport extends AutoCloseable {

    /** This consumer's name in its group, where the backend has one; else null. */
    String consumerName();

    /**
     * Connects, before the first fetch and again after a {@link TransportException} (also while
     * a batch is in hand, after a dead letter could not be written: that batch must stay
     * usable). Start options (from the end, after a position, from a time) apply at the first
     * successful call.
     */
    void connect();

    /** The next messages, waiting up to the backend's poll timeout; {@link InboundBatch#EMPTY} when none came. */
    InboundBatch fetch();

    /** Commits (acknowledges) every message marked done. */
    void commit();

    /**
     * Writes a message of the batch to the dead-letter topic: the original envelope unchanged,
     * with the letter's attributes.
     *
     * @return where the dead letter is
     */
    String deadLetter(InboundBatch batch, int index, DeadLetter letter);

    /**
     * How often {@link #heartbeat()} must run while the pipeline works on one batch or waits
     * between retries; {@code null} when the backend needs no heartbeat.
     */
    default Duration heartbeatInterval() {
        return null;
    }

    /** Keeps this consumer's membership or lease alive during long handling. */
    default void heartbeat() {
    }

    /**
     * How many messages of the topic this consumer's group has not consumed yet, for health and
     * metrics; empty when the backend cannot tell (then or ever). Asked by the consumer's thread
     * every few seconds between batches, never per message, so it may ask the backend.
     *
     * @throws TransportException when the backend cannot be reached (the lag stays as it was)
     */
    default OptionalLong lag() {
        return OptionalLong.empty();
    }

    /**
     * The consumer is stopping: end a blocked {@link #fetch()} at once, and do not block in
     * later ones. Called once, from another thread.
     */
    void stopping();

    /** Releases connections. */
    @Override
    void close();
}
