package org.openedx.events.bus;

import org.openedx.events.EventBusException;

/** The producer or consumer named by the settings cannot be created; the cause is kept. */
public final class EventBusConfigurationException extends EventBusException {

    public EventBusConfigurationException(String message) {
        super(message);
    }

    public EventBusConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
