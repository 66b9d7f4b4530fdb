package org.openedx.events.avro;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.internal.BuiltInTypes;
import org.openedx.events.avro.internal.CompatibilityChecker;
import org.openedx.events.avro.internal.CustomType;
import org.openedx.events.avro.internal.CustomTypes;
import org.openedx.events.avro.internal.EventPlan;
import org.openedx.events.avro.internal.PlanBuilder;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.wire.EventKeys;
import org.openedx.events.wire.PythonJson;

/**
 * Avro schemas and schemaless Avro binary for Open edX events, byte for byte as
 * openedx-events writes them (upstream's {@code AvroSignalSerializer} and
 * {@code AvroSignalDeserializer}).
 *
 * <p>The schema of an event is generated from its data types the first time it is needed
 * and kept, with the codec built in the same walk. Data goes both ways in two forms: typed
 * {@link EventData} holding the data records, and JSON-like maps for tools and forwarding
 * (records as maps by wire field name, lists, maps, strings, numbers, booleans and null;
 * date-times, UUIDs and keys as their text).
 *
 * <p>Decoding is faithful: a {@code false}, {@code 0}, empty string or null on the wire is
 * what the data holds. (Upstream replaces such values by the field's default; a port that
 * wants that must apply it itself.)
 *
 * <p>Instances are immutable and thread-safe. Use {@link #defaults()} unless custom types are
 * needed, and keep one instance per configuration: it caches per-event schemas and codecs.
 */
public final class AvroEventSerializer implements EventCodec {

    private static final AvroEventSerializer DEFAULT = builder().build();

    private final List<CustomType<?>> userTypes;
    private final ZoneOffset naiveDateTimeOffset;
    private final CustomTypes customTypes;
    private final Map<OpenEdxPublicSignal, EventPlan> plans = new ConcurrentHashMap<>();

    private AvroEventSerializer(Builder builder) {
        this.userTypes = List.copyOf(builder.userTypes);
        this.naiveDateTimeOffset = builder.naiveDateTimeOffset;
        List<CustomType<?>> all = new ArrayList<>(BuiltInTypes.all(naiveDateTimeOffset));
        all.addAll(userTypes);
        this.customTypes = CustomTypes.of(all);
    }

    /** The shared serializer with the built-in custom types only. */
    public static AvroEventSerializer defaults() {
        return DEFAULT;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this serializer's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.userTypes.addAll(userTypes);
        builder.naiveDateTimeOffset = naiveDateTimeOffset;
        return builder;
    }

    /**
     * The Avro schema of an event (a {@code CloudEvent} record in the event type's namespace).
     *
     * @throws AvroSchemaException when a data type has no Avro mapping
     */
    public Schema schema(OpenEdxPublicSignal signal) {
        return plan(signal).schema();
    }

    /** The schema as upstream's dict: keys in upstream's order, unmodifiable at every level. */
    public Map<String, Object> schemaMap(OpenEdxPublicSignal signal) {
        return plan(signal).schemaMap();
    }

    /** Upstream's {@code schema_string()}: the schema as JSON with sorted keys, Python's formatting. */
    public String schemaString(OpenEdxPublicSignal signal) {
        return plan(signal).schemaString();
    }

    /**
     * Writes event data as schemaless Avro binary.
     *
     * @throws AvroSerializationException naming the field when an argument is missing or of the
     *                                    wrong type, a non-nullable field is null, a value
     *                                    cannot be written (bytes), or arguments are unexpected
     */
    @Override
    public byte[] serialize(OpenEdxPublicSignal signal, EventData data) {
        Objects.requireNonNull(data, "data");
        return plan(signal).encode(data);
    }

    /**
     * Reads schemaless Avro binary written with this event's schema (the Redis case).
     *
     * @throws AvroSerializationException naming the field when the bytes are truncated or
     *                                    malformed, or a key, date-time or UUID is invalid
     */
    @Override
    public EventData deserialize(OpenEdxPublicSignal signal, byte[] bytes) {
        return plan(signal).decode(bytes);
    }

    /**
     * Reads schemaless Avro binary written with {@code writerSchema} (for Kafka, the schema the
     * registry holds for the message), resolved to this event's schema by Avro's rules:
     * fields only the writer has are skipped, fields only the reader has take their default.
     *
     * @throws AvroSerializationException when the schemas are incompatible or the data is bad
     */
    public EventData deserialize(OpenEdxPublicSignal signal, byte[] bytes, Schema writerSchema) {
        Objects.requireNonNull(writerSchema, "writerSchema");
        return plan(signal).decode(bytes, writerSchema);
    }

    /** A reader of events for one thread (a consumer's), reusing its buffers from event to event. */
    public Reader reader() {
        return new Reader();
    }

    /**
     * Reads events as {@link #deserialize(OpenEdxPublicSignal, byte[], Schema)} does, keeping its
     * buffers from one to the next. Not thread-safe.
     */
    public final class Reader {
        private BinaryDecoder decoder;

        private Reader() {
        }

        /**
         * Reads {@code length} bytes at {@code offset} (for bodies behind a frame header, without
         * copying them out) written with {@code writerSchema}.
         *
         * @throws AvroSerializationException when the schemas are incompatible or the data is bad
         */
        public EventData deserialize(OpenEdxPublicSignal signal, byte[] bytes, int offset, int length,
                                     Schema writerSchema) {
            Objects.requireNonNull(writerSchema, "writerSchema");
            EventPlan plan = plan(signal);
            decoder = plan.decoder(bytes, offset, length, decoder);
            return plan.decode(decoder, writerSchema);
        }
    }

    /**
     * Writes JSON-like event data (argument name to value). A nullable field may be left out.
     * Text for a date-time, UUID or key is checked and written as a typed value would be
     * ({@code Z} becomes {@code +00:00}); values of those types are accepted too.
     *
     * @throws AvroSerializationException as {@link #serialize}, and for unknown field names
     */
    public byte[] serializeGeneric(OpenEdxPublicSignal signal, Map<String, ?> data) {
        Objects.requireNonNull(data, "data");
        return plan(signal).encodeGeneric(data);
    }

    /**
     * Reads schemaless Avro binary into JSON-like data: records as maps in schema order,
     * {@code long} as {@link Long}, {@code bytes} as {@code byte[]}; date-times, UUIDs and keys
     * as the text on the wire, after checking that it parses. The bytes must hold the event's
     * data and nothing more.
     *
     * @throws AvroSerializationException when the bytes do not decode, or bytes are left after the data
     */
    public Map<String, Object> deserializeGeneric(OpenEdxPublicSignal signal, byte[] bytes) {
        return plan(signal).decodeGeneric(bytes);
    }

    /** As {@link #deserializeGeneric(OpenEdxPublicSignal, byte[])}, resolving from {@code writerSchema}. */
    public Map<String, Object> deserializeGeneric(OpenEdxPublicSignal signal, byte[] bytes, Schema writerSchema) {
        Objects.requireNonNull(writerSchema, "writerSchema");
        return plan(signal).decodeGeneric(bytes, writerSchema);
    }

    /**
     * The schema of an event's message key (Kafka): the field object at the
     * {@code event_key_field} path of the value schema, e.g.
     * {@code {"name": "username", "type": "string"}}.
     *
     * @throws AvroSchemaException with upstream's "Error traversing Avro schema along path …"
     *                             message when the path does not lead to a field, or goes
     *                             through a nullable field or a record referenced by name
     */
    public Map<String, Object> keyFieldSchema(OpenEdxPublicSignal signal, String eventKeyField) {
        return plan(signal).key(eventKeyField).field();
    }

    /** Upstream's key schema string: {@link #keyFieldSchema} as sorted-key JSON. */
    public String keySchemaString(OpenEdxPublicSignal signal, String eventKeyField) {
        return plan(signal).key(eventKeyField).schemaString();
    }

    /**
     * The schemaless Avro bytes of an event's message key: the value at the
     * {@code event_key_field} path (found as {@link EventKeys#extract} finds it), written with
     * the key field's primitive type; keys, date-times and UUIDs as their text.
     *
     * @return the bytes, or {@code null} when the value at the path is null
     * @throws org.openedx.events.EventBusException when the path is not in the data or the schema
     * @throws AvroSerializationException when the key field is not primitive or the value does not fit it
     */
    public byte[] serializeKey(OpenEdxPublicSignal signal, String eventKeyField, EventData data) {
        Objects.requireNonNull(data, "data");
        return plan(signal).key(eventKeyField).encodeKeyOf(data);
    }

    /**
     * The schemaless Avro bytes of a key value already found at the {@code event_key_field} path
     * (as {@link EventKeys#extract} finds it), written with the key field's primitive type.
     *
     * @return the bytes, or {@code null} for a null value
     * @throws AvroSchemaException when the path is not in the schema
     * @throws AvroSerializationException when the key field is not primitive or the value does not fit it
     */
    public byte[] serializeKeyValue(OpenEdxPublicSignal signal, String eventKeyField, Object keyValue) {
        return plan(signal).key(eventKeyField).encode(keyValue);
    }

    /**
     * The data as JSON in the Avro record shape, which {@code produce --data} takes back; the
     * data's own text when it cannot be serialised (then that is the error being logged).
     */
    @Override
    public String toJson(OpenEdxPublicSignal signal, EventData data) {
        try {
            return PythonJson.dumps(deserializeGeneric(signal, serialize(signal, data)), false);
        } catch (RuntimeException e) {
            return String.valueOf(data);
        }
    }

    /**
     * Checks that the event's current schema and a stored one (an {@code .avsc} snapshot or a
     * registry version) each read data written with the other, by Avro's rules and with
     * sample data.
     */
    public SchemaCompatibilityReport checkCompatibility(OpenEdxPublicSignal signal, Schema stored) {
        Objects.requireNonNull(stored, "stored");
        return new SchemaCompatibilityReport(signal.eventType(), CompatibilityChecker.check(schema(signal), stored));
    }

    /** As {@link #checkCompatibility(OpenEdxPublicSignal, Schema)} with schema JSON text. */
    public SchemaCompatibilityReport checkCompatibility(OpenEdxPublicSignal signal, String storedSchemaJson) {
        return checkCompatibility(signal, AvroSchemas.parse(storedSchemaJson));
    }

    private EventPlan plan(OpenEdxPublicSignal signal) {
        Objects.requireNonNull(signal, "signal");
        EventPlan plan = plans.get(signal);
        if (plan == null) {
            plan = plans.computeIfAbsent(signal, s -> PlanBuilder.build(s, customTypes));
        }
        return plan;
    }

    /** Configures an {@link AvroEventSerializer}. */
    public static final class Builder {
        private final List<CustomType<?>> userTypes = new ArrayList<>();
        private ZoneOffset naiveDateTimeOffset = ZoneOffset.UTC;

        private Builder() {
        }

        /**
         * Carries a type of your own as an Avro string (upstream's custom type serializers). A
         * data field declared with exactly this class then maps to {@code "string"}; as
         * upstream, custom types may not be list items or map values. Registering a built-in
         * class ({@code OffsetDateTime}, {@code UUID}, a key type) replaces its handling.
         *
         * @param serializer   the wire text of a value; must not return null
         * @param deserializer parses wire text; throws (any runtime exception) when it is invalid
         */
        public <T> Builder customType(Class<T> type, Function<? super T, String> serializer,
                                      Function<String, ? extends T> deserializer) {
            userTypes.add(CustomType.of(type, serializer, deserializer));
            return this;
        }

        /**
         * The offset at which a date-time without one (Python's naive {@code isoformat()}) is
         * read into an {@link OffsetDateTime} field. The default is UTC, which is what naive
         * values in Open edX mean ({@code datetime.utcnow()}).
         */
        public Builder naiveDateTimeOffset(ZoneOffset offset) {
            this.naiveDateTimeOffset = Objects.requireNonNull(offset, "offset");
            return this;
        }

        /** Refuses a date-time without an offset in an {@link OffsetDateTime} field instead. */
        public Builder rejectNaiveDateTimes() {
            this.naiveDateTimeOffset = null;
            return this;
        }

        public AvroEventSerializer build() {
            return new AvroEventSerializer(this);
        }
    }
}
