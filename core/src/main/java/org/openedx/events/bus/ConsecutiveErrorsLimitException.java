package org.openedx.events.bus;

import org.openedx.events.EventBusException;

/**
 * A consumer reached its consecutive-errors limit ({@code EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT})
 * and ended: the process should exit non-zero so that its supervisor restarts it.
 */
public final class ConsecutiveErrorsLimitException extends EventBusException {

    public ConsecutiveErrorsLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
