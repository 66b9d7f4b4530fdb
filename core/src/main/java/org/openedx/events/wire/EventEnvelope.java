package org.openedx.events.wire;

import java.util.Arrays;
import java.util.Objects;
import org.openedx.events.EventsMetadata;

/**
 * One message as every backend carries it: the metadata, the optional key text and the
 * schemaless Avro bytes of the event data.
 */
public record EventEnvelope(EventsMetadata metadata, String key, byte[] eventData) {

    public EventEnvelope {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(eventData, "eventData");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventEnvelope that && metadata.equals(that.metadata)
                && Objects.equals(key, that.key) && Arrays.equals(eventData, that.eventData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metadata, key, Arrays.hashCode(eventData));
    }

    @Override
    public String toString() {
        return "EventEnvelope[" + metadata + ", key=" + key + ", " + eventData.length + " bytes]";
    }
}
