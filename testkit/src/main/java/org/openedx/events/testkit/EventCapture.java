package org.openedx.events.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openedx.events.EventReceiver;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.SignalRegistry;

/** Records every event sent on the signals it watches, until it is closed. Thread-safe. */
public final class EventCapture implements AutoCloseable, EventReceiver {

    private final List<OpenEdxPublicSignal> signals;
    private final List<ReceivedEvent> events = Collections.synchronizedList(new ArrayList<>());

    private EventCapture(List<OpenEdxPublicSignal> signals) {
        this.signals = signals;
        signals.forEach(s -> s.connect(this));
    }

    public static EventCapture of(OpenEdxPublicSignal... signals) {
        return new EventCapture(List.of(signals));
    }

    /** Watches the signals of these event types; an unknown type fails, naming it. */
    public static EventCapture ofTypes(String... eventTypes) {
        List<OpenEdxPublicSignal> signals = new ArrayList<>();
        for (String eventType : eventTypes) {
            signals.add(SignalRegistry.get(eventType));
        }
        return new EventCapture(signals);
    }

    @Override
    public void receive(ReceivedEvent event) {
        events.add(event);
    }

    /** Everything captured so far, in order. */
    public List<ReceivedEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** What was captured of one event type, in order. */
    public List<ReceivedEvent> events(String eventType) {
        return events().stream().filter(e -> e.eventType().equals(eventType)).toList();
    }

    public void clear() {
        events.clear();
    }

    @Override
    public void close() {
        signals.forEach(s -> s.disconnect(this));
    }
}
