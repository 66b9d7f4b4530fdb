package org.openedx.events.bus;

import java.util.concurrent.CompletionStage;
import org.openedx.events.wire.StoredEvent;

/**
 * A producer that also encodes an event without sending it and later publishes what it encoded:
 * the outbox's two halves share the one encoder of the delivery pipeline, and the relay moves
 * the stored bytes without decoding them. Every backend's producer is one.
 */
public interface StoredEventProducer extends EventBusProducer {

    /**
     * The event as this producer would send it now: its topic on the bus, its key (where the
     * backend has keys) and its data's bytes.
     *
     * @throws org.openedx.events.EventBusException when the key path does not resolve or the data does not encode
     */
    StoredEvent encode(OutgoingEvent event);

    /**
     * Encodes the event and has {@code outbox} keep it, in the sender's transaction. With a
     * tracing plug-in active this write is the event's traced send: its span, a child of the
     * sender's current span, ends when the outbox has the event, and its context is stored with
     * the event so the consumer's span continues the sender's trace.
     *
     * @throws org.openedx.events.EventBusException when the event does not encode or the outbox cannot keep it
     */
    default void store(OutgoingEvent event, OutboxWriter outbox) {
        outbox.write(encode(event));
    }

    /**
     * Publishes an event encoded earlier, in order after the previous ones of its topic, with the
     * trace context it was stored with.
     *
     * @return completed with the backend's position of the event, or failed with why it was not written
     */
    CompletionStage<String> send(StoredEvent event);
}
