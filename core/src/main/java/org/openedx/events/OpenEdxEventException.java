package org.openedx.events;

/**
 * An error in the shape upstream's {@code openedx_events.exceptions} gives it:
 * {@code "{UpstreamName} {event_type}: {detail}"}, so that log lines read the same as the
 * Python services' (an empty event type gives {@code "{UpstreamName} : {detail}"}).
 */
public abstract class OpenEdxEventException extends EventBusException {

    private final String eventType;
    private final String detail;

    protected OpenEdxEventException(String upstreamName, String eventType, String detail) {
        super(upstreamName + " " + (eventType == null ? "" : eventType) + ": " + detail);
        this.eventType = eventType == null ? "" : eventType;
        this.detail = detail;
    }

    /** The event type the error is about, or an empty string when it is about none. */
    public String eventType() {
        return eventType;
    }

    /** The message without the class name and event type prefix. */
    public String detail() {
        return detail;
    }
}
