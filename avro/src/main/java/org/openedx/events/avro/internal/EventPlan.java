package org.openedx.events.avro.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.openedx.events.EventData;
import org.openedx.events.avro.AvroSchemas;
import org.openedx.events.avro.AvroSerializationException;
import org.openedx.events.wire.PythonJson;

/**
 * Everything one event needs on the wire, built once: the schema (as upstream's ordered dict,
 * as its sorted-key JSON string and as an Avro {@link Schema}) and the codec tree. Thread-safe.
 */
public final class EventPlan {

    private static final int MAX_WRITER_SCHEMAS = 64;

    private final String eventType;
    private final Map<String, Object> schemaMap;
    private final String schemaString;
    private final Schema schema;
    private final RecordCodec top;
    private final Map<Schema, ResolverPool> resolvers = new ConcurrentHashMap<>();
    private final Map<String, KeyPlan> keys = new ConcurrentHashMap<>();
    private final CustomTypes customTypes;

    EventPlan(String eventType, Map<String, Object> schemaMap, RecordCodec top, CustomTypes customTypes) {
        this.customTypes = customTypes;
        this.eventType = eventType;
        this.schemaMap = schemaMap;
        this.schemaString = PythonJson.dumps(schemaMap, true);
        this.schema = AvroSchemas.parse(schemaString);
        this.top = top;
    }

    public String eventType() {
        return eventType;
    }

    /** The schema in upstream's key order; unmodifiable at every level. */
    public Map<String, Object> schemaMap() {
        return schemaMap;
    }

    public String schemaString() {
        return schemaString;
    }

    public Schema schema() {
        return schema;
    }

    /**
     * The key of this event for an {@code event_key_field} path.
     *
     * @throws org.openedx.events.avro.AvroSchemaException when the path cannot be walked
     */
    public KeyPlan key(String eventKeyField) {
        KeyPlan plan = keys.get(eventKeyField);
        if (plan == null) {
            plan = KeyPlan.build(eventType, schemaMap, eventKeyField, customTypes);
            keys.putIfAbsent(eventKeyField, plan);
        }
        return plan;
    }

    /** Writes typed event data: each argument must be present, non-null and of its declared type. */
    public byte[] encode(EventData data) {
        ByteSink sink = new ByteSink(128);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(sink, null);
        try {
            Map<String, Object> values = data.asMap();
            for (int i = 0; i < top.size(); i++) {
                String name = top.name(i);
                Object value = values.get(name);
                if (value == null && !values.containsKey(name)) {
                    throw FieldFailure.of("missing data argument").inField(name);
                }
                top.writeField(i, value, out, false);
            }
            if (values.size() != top.size()) {
                unexpectedArguments(values);
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw failure("serialize", e);
        }
        return sink.toByteArray();
    }

    /** Writes JSON-like event data: argument name to maps, lists, strings, numbers, booleans. */
    public byte[] encodeGeneric(Map<String, ?> data) {
        ByteSink sink = new ByteSink(128);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(sink, null);
        try {
            top.writeGenericFields(data, out, "data argument");
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw failure("serialize", e);
        }
        return sink.toByteArray();
    }

    /** Reads bytes written with this event's own schema into typed data. */
    public EventData decode(byte[] bytes) {
        return toEventData(readTop(bytes, null, false));
    }

    /**
     * Reads bytes written with this event's own schema into JSON-like data; they must hold the
     * event's data and nothing more (a tool reading a message by hand wants to know).
     */
    public Map<String, Object> decodeGeneric(byte[] bytes) {
        BinaryDecoder binary = decoder(bytes, 0, bytes == null ? 0 : bytes.length, null);
        Object[] values = readValues(binary, true);
        int left;
        try {
            left = binary.isEnd() ? 0 : binary.inputStream().available();
        } catch (IOException e) {
            throw failure("deserialize", e);
        }
        if (left > 0) {
            throw new AvroSerializationException(eventType, "", "Cannot deserialize data of event " + eventType + ": "
                    + left + " byte(s) are left after the event's data; they are not part of it", null);
        }
        return toMap(values);
    }

    /** Reads bytes written with {@code writerSchema}, resolved to this event's schema, into typed data. */
    public EventData decode(byte[] bytes, Schema writerSchema) {
        return toEventData(readTop(bytes, writerSchema, false));
    }

    /** Reads what a decoder from {@link #decoder} holds, as {@link #decode(byte[], Schema)} reads an array. */
    public EventData decode(BinaryDecoder binary, Schema writerSchema) {
        return toEventData(readTop(binary, writerSchema, false));
    }

    /** Reads bytes written with {@code writerSchema}, resolved to this event's schema, into JSON-like data. */
    public Map<String, Object> decodeGeneric(byte[] bytes, Schema writerSchema) {
        return toMap(readTop(bytes, writerSchema, true));
    }

    private Object[] readTop(byte[] bytes, Schema writerSchema, boolean generic) {
        return readTop(decoder(bytes, 0, bytes == null ? 0 : bytes.length, null), writerSchema, generic);
    }

    /** A decoder of {@code length} bytes at {@code offset}: {@code reuse} (may be null) set to them, keeping its buffers. */
    public BinaryDecoder decoder(byte[] bytes, int offset, int length, BinaryDecoder reuse) {
        if (bytes == null) {
            throw new AvroSerializationException(eventType, "", "Cannot deserialize data of event " + eventType
                    + ": no bytes (null)", null);
        }
        return DecoderFactory.get().binaryDecoder(bytes, offset, length, reuse);
    }

    private Object[] readTop(BinaryDecoder binary, Schema writerSchema, boolean generic) {
        ResolverPool pool = writerSchema == null || writerSchema == schema ? null : resolver(writerSchema);
        if (pool == null || pool.identical()) {
            return readValues(binary, generic);
        }
        ResolvingDecoder in;
        Object[] values;
        try {
            in = pool.acquire(binary);
            values = top.readValues(in, generic);
            in.drain();
        } catch (IOException | RuntimeException e) {
            throw failure("deserialize", e);
        }
        pool.release(in);
        return values;
    }

    private Object[] readValues(Decoder in, boolean generic) {
        try {
            return top.readValues(in, generic);
        } catch (IOException | RuntimeException e) {
            throw failure("deserialize", e);
        }
    }

    private ResolverPool resolver(Schema writerSchema) {
        ResolverPool pool = resolvers.get(writerSchema);
        if (pool == null) {
            pool = ResolverPool.create(eventType, writerSchema, schema);
            if (resolvers.size() >= MAX_WRITER_SCHEMAS) {
                resolvers.clear();
            }
            ResolverPool existing = resolvers.putIfAbsent(writerSchema, pool);
            if (existing != null) {
                pool = existing;
            }
        }
        return pool;
    }

    private EventData toEventData(Object[] values) {
        if (values.length == 1) {
            return EventData.of(top.name(0), values[0]);
        }
        EventData.Builder data = EventData.builder();
        for (int i = 0; i < values.length; i++) {
            data.put(top.name(i), values[i]);
        }
        return data.build();
    }

    private Map<String, Object> toMap(Object[] values) {
        Map<String, Object> data = new java.util.LinkedHashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            data.put(top.name(i), values[i]);
        }
        return data;
    }

    private void unexpectedArguments(Map<String, Object> values) {
        for (String name : values.keySet()) {
            boolean known = false;
            for (int i = 0; i < top.size(); i++) {
                known |= top.name(i).equals(name);
            }
            if (!known) {
                throw FieldFailure.of("unexpected data argument '" + name + "'; the signal's arguments are "
                        + java.util.Arrays.toString(names()));
            }
        }
    }

    private String[] names() {
        String[] names = new String[top.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = top.name(i);
        }
        return names;
    }

    private AvroSerializationException failure(String action, Throwable error) {
        if (error instanceof AvroSerializationException ready) {
            return ready;
        }
        FieldFailure failure = FieldFailure.wrap(error);
        String path = failure.path();
        String where = path.isEmpty() ? "" : " field '" + path + "':";
        Throwable cause = failure.getCause();
        return new AvroSerializationException(eventType, path, "Cannot " + action + " data of event " + eventType
                + ":" + where + " " + failure.reason(), cause);
    }
}
