package org.openedx.events.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;

/**
 * Enables only the events a test names (upstream {@code OpenEdxEventsTestMixin}): every other
 * signal is disabled, and the named ones let receiver exceptions reach the test. Closing
 * enables every signal again.
 *
 * <pre>{@code
 * try (EnabledEvents enabled = EnabledEvents.only("org.openedx.learning.auth.session.login.completed.v1")) {
 *     ...
 * }
 * }</pre>
 */
public final class EnabledEvents implements AutoCloseable {

    private final List<OpenEdxPublicSignal> enabled;

    private EnabledEvents(List<OpenEdxPublicSignal> enabled) {
        this.enabled = enabled;
    }

    /**
     * @throws IllegalArgumentException listing every known type when one of the types is unknown
     */
    public static EnabledEvents only(String... eventTypes) {
        List<OpenEdxPublicSignal> all = SignalRegistry.all();
        List<OpenEdxPublicSignal> enabled = new ArrayList<>();
        for (String eventType : eventTypes) {
            enabled.add(SignalRegistry.find(eventType).orElseThrow(() -> {
                Set<String> known = new TreeSet<>();
                all.forEach(s -> known.add(s.eventType()));
                return new IllegalArgumentException("Unknown event type '" + eventType
                        + "' in the enabled events; known types: " + known);
            }));
        }
        all.forEach(OpenEdxPublicSignal::disable);
        for (OpenEdxPublicSignal signal : enabled) {
            signal.enable();
            signal.allowSendEventFailure();
        }
        return new EnabledEvents(List.copyOf(enabled));
    }

    /** The signals left enabled. */
    public List<OpenEdxPublicSignal> signals() {
        return enabled;
    }

    /** Enables every signal again. */
    @Override
    public void close() {
        SignalRegistry.all().forEach(OpenEdxPublicSignal::enable);
    }
}
