package org.openedx.events;

/**
 * The one unchecked root of every exception this library throws. Subtypes name what went
 * wrong; the message always names the event type, setting or field involved.
 */
public class EventBusException extends RuntimeException {

    public EventBusException(String message) {
        super(message);
    }

    public EventBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
