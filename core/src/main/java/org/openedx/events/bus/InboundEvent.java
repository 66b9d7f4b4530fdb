package org.openedx.events.bus;

import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;

/** An event a consumer read and decoded: its signal, the producer's metadata and the typed data. */
public interface InboundEvent {

    OpenEdxPublicSignal signal();

    EventsMetadata metadata();

    EventData data();
}
