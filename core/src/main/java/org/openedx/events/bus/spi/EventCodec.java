package org.openedx.events.bus.spi;

import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;

/** Event data to bytes and back: schemaless Avro on every backend (the {@code openedx-events-avro} module). */
public interface EventCodec {

    /**
     * The event data's bytes.
     *
     * @throws org.openedx.events.EventBusException naming the field when the data cannot be written
     */
    byte[] serialize(OpenEdxPublicSignal signal, EventData data);

    /**
     * Event data from its bytes.
     *
     * @throws org.openedx.events.EventBusException naming the field when the bytes do not decode
     */
    EventData deserialize(OpenEdxPublicSignal signal, byte[] bytes);

    /**
     * The data as JSON in the shape {@code produce --data} takes, for the log line of a failed
     * send; the data's own text when it cannot be written.
     */
    String toJson(OpenEdxPublicSignal signal, EventData data);
}
