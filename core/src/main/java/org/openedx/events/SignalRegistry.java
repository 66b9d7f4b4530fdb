package org.openedx.events;

import java.util.List;
import java.util.Optional;
import org.openedx.events.internal.Registry;

/** Looks signals up by event type. Every {@link SignalCatalog} on the class path is loaded first. */
public final class SignalRegistry {

    private SignalRegistry() {
    }

    /** Every registered signal, in registration order (upstream {@code all_events()}). */
    public static List<OpenEdxPublicSignal> all() {
        return Registry.get().all();
    }

    /**
     * The signal of an event type (upstream {@code get_signal_by_type}).
     *
     * @throws UnknownEventTypeException naming the type when none is registered
     */
    public static OpenEdxPublicSignal get(String eventType) {
        return find(eventType).orElseThrow(() -> new UnknownEventTypeException(eventType));
    }

    public static Optional<OpenEdxPublicSignal> find(String eventType) {
        return Registry.get().find(eventType);
    }
}
