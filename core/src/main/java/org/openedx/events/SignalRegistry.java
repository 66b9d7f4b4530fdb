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

    /**
     * Saves the signal list and map, so that a test can define signals of its own and then
     * {@link #restore} the registry (upstream's {@code FreezeSignalCacheMixin}).
     */
    public static Snapshot snapshot() {
        return new Snapshot(Registry.get().snapshot());
    }

    /** Puts back the signals saved by {@link #snapshot()}: signals defined since are forgotten. */
    public static void restore(Snapshot snapshot) {
        Registry.get().restore(snapshot.saved);
    }

    /** A saved registry state; opaque. */
    public static final class Snapshot {
        private final Registry.Snapshot saved;

        private Snapshot(Registry.Snapshot saved) {
            this.saved = saved;
        }
    }
}
