package org.openedx.events.internal;

import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.EventBusProducer;

/** The producer when {@code EVENT_BUS_PRODUCER} is unset: every event is dropped, as upstream. */
public final class NoEventBusProducer implements EventBusProducer {

    @Override
    public void send(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData eventData,
                     EventsMetadata metadata) {
        // Deliberately nothing: the missing setting was reported once when this producer was made.
    }
}
