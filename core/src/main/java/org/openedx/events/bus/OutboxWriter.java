package org.openedx.events.bus;

import org.openedx.events.wire.StoredEvent;

/**
 * Where events of topics in {@link org.openedx.events.settings.ProductionMode#OUTBOX} mode go:
 * into an outbox, in the sender's transaction, from which a relay publishes them. The
 * {@code openedx-events-outbox} module implements it over JDBC.
 */
public interface OutboxWriter {

    /**
     * Keeps the event, in the sender's current transaction when there is one.
     *
     * @throws org.openedx.events.EventBusException when it cannot; the transaction must then not
     *                                              commit, or the event would be lost
     */
    void write(StoredEvent event);
}
