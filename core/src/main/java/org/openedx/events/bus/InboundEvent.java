package org.openedx.events.bus;

import java.util.Optional;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.spi.DeadLetter;

/** An event a consumer read and decoded: its signal, the producer's metadata and the typed data. */
public interface InboundEvent {

    OpenEdxPublicSignal signal();

    EventsMetadata metadata();

    EventData data();

    /** Why the message was given up on, when it was read from a dead-letter topic; else empty. */
    default Optional<DeadLetter> deadLetter() {
        return Optional.empty();
    }
}
