package org.openedx.events;

import java.util.Objects;

/**
 * What a receiver is given: the signal, its metadata, its data and whether the event came
 * from the event bus (upstream's {@code signal}, {@code metadata}, {@code from_event_bus}
 * and {@code **event_data} keyword arguments).
 */
public record ReceivedEvent(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data,
                            boolean fromEventBus) {

    public ReceivedEvent {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(data, "data");
    }

    /** A data argument as its type, e.g. {@code event.data("user", UserData.class)}. */
    public <T> T data(String name, Class<T> type) {
        return data.get(name, type);
    }

    public String eventType() {
        return signal.eventType();
    }
}
