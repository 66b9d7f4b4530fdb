package org.openedx.events.bus;

/**
 * Reads events of one topic for one consumer group and re-emits each with its signal's
 * {@code sendEventWithCustomMetadata} (upstream's {@code consume_indefinitely}), through the
 * delivery pipeline every backend shares: retries, dead letters, the consecutive-errors limit,
 * audit log and counters.
 */
public interface EventBusConsumer extends AutoCloseable {

    /**
     * Consumes until {@link #stop()} is called, a kill switch turns consumption off, or an error
     * ends it.
     *
     * @throws ConsecutiveErrorsLimitException when the consecutive-errors limit is reached
     * @throws org.openedx.events.EventBusException when the backend fails for good (a key of the wrong type,
     *                                               refused credentials)
     */
    void consumeIndefinitely();

    /** Asks the loop to return after the event in hand; safe from any thread. */
    void stop();

    /** What this consumer has done so far; safe from any thread. */
    ConsumerStats stats();

    /** How this consumer is now: running, reconnecting, stopped or failed (and why), its last poll, its lag; safe from any thread. */
    ConsumerHealth health();

    /** Stops and releases connections. */
    @Override
    void close();
}
