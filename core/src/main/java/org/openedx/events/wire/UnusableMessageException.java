package org.openedx.events.wire;

import org.openedx.events.EventBusException;

/** A message whose metadata or body cannot be read (upstream {@code UnusableMessageError}). */
public final class UnusableMessageException extends EventBusException {

    public UnusableMessageException(String message) {
        super(message);
    }

    public UnusableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
