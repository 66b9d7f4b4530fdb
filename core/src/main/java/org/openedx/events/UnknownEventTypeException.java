package org.openedx.events;

/** No signal is registered for an event type. */
public final class UnknownEventTypeException extends EventBusException {

    private final String eventType;

    public UnknownEventTypeException(String eventType) {
        super("No OpenEdxPublicSignal of type: '" + eventType + "'.");
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }
}
