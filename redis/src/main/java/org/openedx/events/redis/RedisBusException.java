package org.openedx.events.redis;

import org.openedx.events.EventBusException;

/** The Redis bus cannot go on: Redis refused a setup command, or a stream key holds something else. */
public final class RedisBusException extends EventBusException {

    public RedisBusException(String message) {
        super(message);
    }

    public RedisBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
