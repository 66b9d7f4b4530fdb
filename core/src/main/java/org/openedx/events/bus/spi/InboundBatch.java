package org.openedx.events.bus.spi;

import java.util.Map;

/**
 * Messages a consumer transport fetched, which the pipeline handles in order, by index.
 * Indexes rather than message objects, so that a backend needs no object per message beyond
 * its own.
 */
public interface InboundBatch {

    /** A batch without messages. */
    InboundBatch EMPTY = new InboundBatch() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public DecodeResult decode(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public void done(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String position(int index) {
            throw new IndexOutOfBoundsException(index);
        }
    };

    int size();

    /**
     * The message's event, or why there is none. Called again after a
     * {@link DecodeResult.NotYetDecodable}, it tries again.
     */
    DecodeResult decode(int index);

    /**
     * Whether this consumer may still handle the message; false when it was taken away (a Kafka
     * rebalance, a lost lease), and then the pipeline leaves it and the rest of its partition.
     */
    default boolean owned(int index) {
        return true;
    }

    /** The pipeline is done with the message (handled or dead-lettered): the next commit covers it. */
    void done(int index);

    /** Where the message is, e.g. {@code 1679676448892-0} or {@code 3:17}: for logs and dead letters. */
    String position(int index);

    /** The message's identifiers for audit and error log lines, in the backend's words. */
    default String describe(int index) {
        return "position=" + position(index);
    }

    /**
     * What an error line says of a message that failed, in the backend's words (upstream's Kafka
     * lines show its headers, key and the start of its value); its identifiers by default.
     */
    default String details(int index) {
        return "event details: " + describe(index);
    }

    /**
     * The trace context the message carried ({@link EncodedEvent#traceContext()}, as the producer
     * wrote it); empty when it carried none. Asked only while a tracing plug-in is active.
     */
    default Map<String, String> traceContext(int index) {
        return Map.of();
    }

    /** The consumer stops: the messages from {@code index} on are not handled here, and may go back. */
    default void release(int index) {
    }
}
