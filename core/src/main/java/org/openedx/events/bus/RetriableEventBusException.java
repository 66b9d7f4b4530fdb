package org.openedx.events.bus;

import org.openedx.events.EventBusException;

/**
 * A failure that may not happen on a second try: a connection lost, a schema registry that does
 * not answer. The delivery pipeline waits and tries again instead of giving up on the event
 * (as kafka-clients' {@code RetriableException}); a receiver may throw it to say the same.
 */
public class RetriableEventBusException extends EventBusException {

    public RetriableEventBusException(String message) {
        super(message);
    }

    public RetriableEventBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
