package org.openedx.events.avro;

import org.openedx.events.EventBusException;

/**
 * Event data could not be written as Avro, or Avro bytes could not be read back. The
 * message names the event type and the path of the field involved, e.g.
 * {@code enrollment.user.pii.name}.
 */
public class AvroSerializationException extends EventBusException {

    private final String eventType;
    private final String fieldPath;

    public AvroSerializationException(String eventType, String fieldPath, String message, Throwable cause) {
        super(message, cause);
        this.eventType = eventType;
        this.fieldPath = fieldPath;
    }

    /** The event type whose data failed. */
    public String eventType() {
        return eventType;
    }

    /** The dotted path of the failing field, or an empty string when the failure is not in a field. */
    public String fieldPath() {
        return fieldPath;
    }
}
