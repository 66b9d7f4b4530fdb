package org.openedx.events.bus;

/**
 * Reads events of one topic for one consumer group and re-emits each with its signal's
 * {@code sendEventWithCustomMetadata} (upstream's {@code consume_indefinitely}).
 */
public interface EventBusConsumer extends AutoCloseable {

    /**
     * Consumes until {@link #stop()} is called, a kill switch turns consumption off, or a
     * fatal error (thrown) ends it.
     */
    void consumeIndefinitely();

    /** Asks the loop to return after the event in hand; safe from any thread. */
    void stop();

    /** Stops and releases connections. */
    @Override
    default void close() {
        stop();
    }
}
