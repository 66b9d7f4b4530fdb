package org.openedx.events.avro;

import org.openedx.events.EventBusException;

/**
 * No Avro schema can be generated for an event, because a data field has a type with no
 * Avro mapping (for example {@code java.io.InputStream}, upstream's {@code BinaryIO}). The
 * message names the event type and the field.
 */
public class AvroSchemaException extends EventBusException {

    private final String eventType;
    private final String fieldPath;

    public AvroSchemaException(String eventType, String fieldPath, String message) {
        super(message);
        this.eventType = eventType;
        this.fieldPath = fieldPath;
    }

    public String eventType() {
        return eventType;
    }

    /** The dotted path of the field whose type has no mapping. */
    public String fieldPath() {
        return fieldPath;
    }
}
