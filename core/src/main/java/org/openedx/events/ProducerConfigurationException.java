package org.openedx.events;

/** {@code EVENT_BUS_PRODUCER_CONFIG} is invalid (upstream {@code ProducerConfigurationError}). */
public final class ProducerConfigurationException extends OpenEdxEventException {

    public ProducerConfigurationException(String eventType, String detail) {
        super("ProducerConfigurationError", eventType, detail);
    }
}
