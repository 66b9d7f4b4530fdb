package org.openedx.events.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.UnknownEventTypeException;
import org.openedx.events.avro.AvroEventSerializer;

/** What several commands share: finding signals, reading JSON, and events as JSON. */
final class CliSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private CliSupport() {
    }

    /** A signal by event type or by upstream constant name (e.g. {@code SESSION_LOGIN_COMPLETED}). */
    static OpenEdxPublicSignal signal(String name) {
        return SignalRegistry.find(name).or(() -> SignalRegistry.all().stream()
                .filter(s -> s.constantName().filter(name::equals).isPresent()).findFirst())
                .orElseThrow(() -> new UnknownEventTypeException(name));
    }

    /** A JSON object; {@code what} names it in the error. */
    static Map<String, Object> jsonObject(String text, String what) {
        Object value;
        try {
            value = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        map.forEach((k, v) -> object.put(String.valueOf(k), v));
        return object;
    }

    /** Typed event data from JSON-like data, checked against the event's schema. */
    static EventData typedData(OpenEdxPublicSignal signal, Map<String, Object> data) {
        AvroEventSerializer serializer = AvroEventSerializer.defaults();
        return serializer.deserialize(signal, serializer.serializeGeneric(signal, data));
    }

    /** The JSON line {@code consume} prints and {@code produce --file} reads. */
    static String eventLine(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data) {
        AvroEventSerializer serializer = AvroEventSerializer.defaults();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event_type", signal.eventType());
        line.put("metadata", metadata.toJsonMap());
        line.put("data", serializer.deserializeGeneric(signal, serializer.serialize(signal, data)));
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event " + metadata.id() + " as JSON", e);
        }
    }

    /** Metadata for a produced event: the given fields, the rest defaulted; the type must match. */
    static EventsMetadata metadata(OpenEdxPublicSignal signal, Map<String, Object> fields) {
        Map<String, Object> values = new LinkedHashMap<>(fields == null ? Map.of() : fields);
        Object type = values.putIfAbsent("event_type", signal.eventType());
        if (type != null && !type.equals(signal.eventType())) {
            throw new IllegalArgumentException("Metadata event_type '" + type + "' does not match the signal "
                    + signal.eventType());
        }
        values.putIfAbsent("minorversion", signal.minorVersion());
        return EventsMetadata.fromJsonMap(values);
    }
}
