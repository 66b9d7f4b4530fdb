package org.openedx.events.kafka;

import org.openedx.events.EventBusException;

/**
 * A schema registry request failed. The message names the registry URL (never its
 * credentials), the subject or schema id, and the registry's answer.
 */
public final class SchemaRegistryException extends EventBusException {

    private final int status;
    private final boolean retriable;

    SchemaRegistryException(String message, int status, boolean retriable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retriable = retriable;
    }

    /** The HTTP status, or 0 when no answer came (the registry could not be reached). */
    public int status() {
        return status;
    }

    /**
     * Whether the same request may succeed later: no answer, a timeout, an overload or a
     * server error; not a refusal such as an unknown id, bad credentials or an invalid schema.
     */
    public boolean retriable() {
        return retriable;
    }
}
