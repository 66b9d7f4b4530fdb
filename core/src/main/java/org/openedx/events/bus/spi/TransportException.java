package org.openedx.events.bus.spi;

import org.openedx.events.bus.RetriableEventBusException;

/**
 * The backend cannot be reached, or the connection broke: the pipeline waits (with backoff) and
 * asks the transport to connect again. Any other exception from a transport ends the consumer.
 */
public class TransportException extends RetriableEventBusException {

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
