package org.openedx.events.outbox;

import org.openedx.events.EventBusException;

/** The outbox could not be read or written; the message names the database operation. */
public final class OutboxException extends EventBusException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
