package org.openedx.events.embedded;

import org.openedx.events.EventBusException;

/** The embedded store cannot be opened, read or written; the message names the file. */
public final class EmbeddedBusException extends EventBusException {

    public EmbeddedBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
