package org.openedx.events.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;

/**
 * Event data as JSON for error logs (upstream's {@code event_data_as_json}), in the shape
 * {@code produce --data} takes, so that an operator can send a lost event again.
 */
public final class EventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {
    }

    /** The JSON text, or the data's own text when it cannot be serialised (then that is the error). */
    public static String of(AvroEventSerializer serializer, OpenEdxPublicSignal signal, EventData data) {
        try {
            return JSON.writeValueAsString(serializer.deserializeGeneric(signal, serializer.serialize(signal, data)));
        } catch (RuntimeException | JsonProcessingException e) {
            return String.valueOf(data);
        }
    }
}
