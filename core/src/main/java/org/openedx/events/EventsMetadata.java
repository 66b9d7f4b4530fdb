package org.openedx.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.openedx.events.internal.Registry;
import org.openedx.events.wire.IsoDateTimes;
import org.openedx.events.wire.PythonJson;
import org.openedx.events.wire.PythonUuid;

/**
 * The envelope of one event, a subset of a CloudEvent (upstream {@code EventsMetadata}). A
 * plain value: every field is required here, and a {@link MetadataFactory} fills in the
 * defaults of new metadata (a new version-1 UUID, minor version 0, {@code openedx/<service>/web},
 * this host, now, and this library's version). The time must be UTC and is kept to the
 * microsecond, as Python keeps it.
 *
 * @param eventType    the event type
 * @param id           the event id, a version-1 UUID for new events
 * @param minorversion the signal's minor version
 * @param source       {@code openedx/<service>/web} for new events
 * @param sourcehost   the producing host's name
 * @param time         when the event happened, UTC
 * @param sourcelib    the producing library's version as integers
 */
public record EventsMetadata(String eventType, UUID id, int minorversion, String source, String sourcehost,
                             OffsetDateTime time, List<Integer> sourcelib) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public EventsMetadata {
        Objects.requireNonNull(eventType, "event_type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourcehost, "sourcehost");
        checkUtc(Objects.requireNonNull(time, "time"));
        if (time.getNano() % 1000 != 0) {
            // truncatedTo makes new objects even when there is nothing to cut, and consumers make one per event
            time = time.truncatedTo(ChronoUnit.MICROS);
        }
        sourcelib = checkSourcelib(Objects.requireNonNull(sourcelib, "sourcelib"));
        if (minorversion < 0) {
            throw new IllegalArgumentException("'minorversion' must not be negative: " + minorversion);
        }
    }

    /** Metadata for a new event of this type, every other field from the current {@link MetadataFactory}. */
    public static EventsMetadata of(String eventType) {
        return builder(eventType).build();
    }

    public static Builder builder(String eventType) {
        return new Builder(eventType);
    }

    public Builder toBuilder() {
        return new Builder(eventType).id(id).minorversion(minorversion).source(source).sourcehost(sourcehost)
                .time(time).sourcelib(sourcelib);
    }

    /** {@code sourcelib} as the wire writes it: {@code 11.2.0}. */
    public String sourcelibText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sourcelib.size(); i++) {
            text.append(i == 0 ? "" : ".").append(sourcelib.get(i));
        }
        return text.toString();
    }

    /** The time as Python's {@code isoformat()} writes it: {@code 2023-01-01T14:00:00+00:00}. */
    public String timeText() {
        return IsoDateTimes.format(time);
    }

    /** Upstream {@code to_json()}: the seven fields in order, in Python's JSON layout. */
    public String toJson() {
        return PythonJson.dumps(toJsonMap(), false);
    }

    /** The fields of {@link #toJson()} as an ordered map. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_type", eventType);
        fields.put("id", id.toString());
        fields.put("minorversion", minorversion);
        fields.put("source", source);
        fields.put("sourcehost", sourcehost);
        fields.put("time", timeText());
        fields.put("sourcelib", sourcelib);
        return fields;
    }

    /**
     * Upstream {@code from_json()}. As upstream, {@code minorversion} is not read (it is 0);
     * use {@link #fromJsonMap(Map)} through a builder to keep it.
     *
     * @throws IllegalArgumentException naming the field that does not parse
     */
    public static EventsMetadata fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Metadata is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Metadata JSON must be an object");
        }
        Map<String, Object> fields = JSON.convertValue(node, JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        fields.remove("minorversion");
        return fromJsonMap(fields);
    }

    /**
     * Metadata from the fields of {@link #toJsonMap()}; absent fields get their defaults,
     * {@code event_type} is required, unknown fields are an error.
     */
    public static EventsMetadata fromJsonMap(Map<String, ?> fields) {
        for (String name : fields.keySet()) {
            if (!List.of("event_type", "id", "minorversion", "source", "sourcehost", "time", "sourcelib")
                    .contains(name)) {
                throw new IllegalArgumentException("Unknown metadata field '" + name + "'");
            }
        }
        Object eventType = fields.get("event_type");
        if (!(eventType instanceof String type)) {
            throw new IllegalArgumentException("Metadata field 'event_type' must be a string, found: " + eventType);
        }
        Builder builder = builder(type);
        Object id = fields.get("id");
        if (id != null) {
            builder.id(parseField("id", id, v -> PythonUuid.parse(String.valueOf(v))));
        }
        Object minor = fields.get("minorversion");
        if (minor != null) {
            builder.minorversion(parseField("minorversion", minor, v -> v instanceof Number n
                    ? n.intValue() : Integer.parseInt(String.valueOf(v))));
        }
        if (fields.get("source") != null) {
            builder.source(String.valueOf(fields.get("source")));
        }
        if (fields.get("sourcehost") != null) {
            builder.sourcehost(String.valueOf(fields.get("sourcehost")));
        }
        Object time = fields.get("time");
        if (time != null) {
            builder.time((OffsetDateTime) parseField("time", time, v -> IsoDateTimes.parseAware(String.valueOf(v))));
        }
        Object sourcelib = fields.get("sourcelib");
        if (sourcelib != null) {
            builder.sourcelib(parseField("sourcelib", sourcelib, EventsMetadata::sourcelibFrom));
        }
        return builder.build();
    }

    /**
     * Parses {@code 11.2.0} into its integers, an unmodifiable list; anything but dotted
     * non-negative integers fails.
     */
    public static List<Integer> parseSourcelib(String text) {
        List<Integer> parts = new ArrayList<>(4);
        for (String part : text.split("\\.", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("'sourcelib' must be dot-separated integers, found: '" + text + "'");
            }
            for (int i = 0; i < part.length(); i++) {
                if (!Character.isDigit(part.charAt(i))) {
                    throw new IllegalArgumentException("'sourcelib' must be dot-separated integers, found: '" + text
                            + "'");
                }
            }
            parts.add(Integer.parseInt(part));
        }
        return List.copyOf(parts);
    }

    private static List<Integer> sourcelibFrom(Object value) {
        if (value instanceof List<?> list) {
            List<Integer> parts = new ArrayList<>();
            for (Object part : list) {
                parts.add(part instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(part)));
            }
            return parts;
        }
        return parseSourcelib(String.valueOf(value));
    }

    private static <T> T parseField(String name, Object value, java.util.function.Function<Object, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Metadata field '" + name + "' is invalid (" + value + "): "
                    + e.getMessage(), e);
        }
    }

    private static OffsetDateTime checkUtc(OffsetDateTime time) {
        if (!time.getOffset().equals(ZoneOffset.UTC)) {
            throw new IllegalArgumentException("'time' must have timezone.utc, found offset " + time.getOffset());
        }
        return time;
    }

    private static List<Integer> checkSourcelib(List<Integer> sourcelib) {
        if (sourcelib.isEmpty()) {
            throw new IllegalArgumentException("'sourcelib' must not be empty");
        }
        for (Integer part : sourcelib) {
            if (part == null || part < 0) {
                throw new IllegalArgumentException("'sourcelib' must hold non-negative integers, found: " + sourcelib);
            }
        }
        return List.copyOf(sourcelib);
    }

    /** Builds metadata; fields left unset get their defaults. */
    public static final class Builder {
        private final String eventType;
        private UUID id;
        private int minorversion;
        private String source;
        private String sourcehost;
        private OffsetDateTime time;
        private List<Integer> sourcelib;

        private Builder(String eventType) {
            this.eventType = Objects.requireNonNull(eventType, "eventType");
        }

        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        public Builder minorversion(int minorversion) {
            this.minorversion = minorversion;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder sourcehost(String sourcehost) {
            this.sourcehost = sourcehost;
            return this;
        }

        /** The event time; must be UTC. */
        public Builder time(OffsetDateTime time) {
            this.time = time;
            return this;
        }

        public Builder time(Instant time) {
            return time((OffsetDateTime) (time == null ? null : time.atOffset(ZoneOffset.UTC)));
        }

        public Builder sourcelib(List<Integer> sourcelib) {
            this.sourcelib = sourcelib;
            return this;
        }

        /** The metadata; unset fields come from the running bus's {@link MetadataFactory}. */
        public EventsMetadata build() {
            return build(Registry.get().runtime().metadataFactory());
        }

        /** The metadata; unset fields come from {@code factory}. */
        public EventsMetadata build(MetadataFactory factory) {
            return new EventsMetadata(eventType, id != null ? id : factory.newId(), minorversion,
                    source != null ? source : factory.source(), sourcehost != null ? sourcehost : factory.sourcehost(),
                    time != null ? time : factory.now(), sourcelib != null ? sourcelib : factory.sourcelib());
        }
    }
}
