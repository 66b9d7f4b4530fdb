package org.openedx.events.avro.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openedx.events.EventData;
import org.openedx.events.avro.AvroSchemaException;
import org.openedx.events.avro.AvroSerializationException;
import org.openedx.events.wire.EventKeys;
import org.openedx.events.wire.PythonJson;

/**
 * The message key of an event for an {@code event_key_field} path, as the Kafka backend
 * derives it: the schema is the field object found by walking the value schema along the
 * path, and the key is its value written alone with that field's (primitive) type.
 */
public final class KeyPlan {

    private final String eventType;
    private final String path;
    private final EventKeys.Path keyPath;
    private final Map<String, Object> field;
    private final String schemaString;
    private final Codec codec;
    private final CustomTypes customTypes;

    private KeyPlan(String eventType, String path, Map<String, Object> field, Codec codec, CustomTypes customTypes) {
        this.eventType = eventType;
        this.path = path;
        this.keyPath = EventKeys.path(path);
        this.field = field;
        this.schemaString = PythonJson.dumps(field, true);
        this.codec = codec;
        this.customTypes = customTypes;
    }

    /**
     * Walks the schema as upstream does: at each segment, a node without {@code fields} is
     * replaced by its {@code type}, then the field of that name is taken. Nullable fields
     * (unions) and records referenced by name cannot be walked through.
     *
     * @throws AvroSchemaException with upstream's message when the walk fails
     */
    static KeyPlan build(String eventType, Map<String, Object> schema, String path, CustomTypes customTypes) {
        String[] segments = path.split("\\.", -1);
        Object current = schema;
        for (String segment : segments) {
            current = child(current, segment);
            if (current == null) {
                throw new AvroSchemaException(eventType, path, "Error traversing Avro schema along path "
                        + pythonList(segments) + "; failed at '" + segment + "'.");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> field = (Map<String, Object>) current;
        Codec codec = switch (String.valueOf(field.get("type"))) {
            case "string" -> PrimitiveCodecs.STRING;
            case "long" -> PrimitiveCodecs.LONG;
            case "boolean" -> PrimitiveCodecs.BOOLEAN;
            case "double" -> PrimitiveCodecs.DOUBLE;
            default -> null;
        };
        return new KeyPlan(eventType, path, field, codec, customTypes);
    }

    private static Object child(Object node, String segment) {
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        Object holder = map.containsKey("fields") ? map : map.get("type");
        if (!(holder instanceof Map<?, ?> record) || !(record.get("fields") instanceof List<?> fields)) {
            return null;
        }
        for (Object field : fields) {
            if (field instanceof Map<?, ?> candidate && segment.equals(candidate.get("name"))) {
                return candidate;
            }
        }
        return null;
    }

    private static String pythonList(String[] segments) {
        List<String> quoted = new ArrayList<>(segments.length);
        for (String segment : segments) {
            quoted.add("'" + segment + "'");
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    /** The field object, e.g. {@code {"name": "username", "type": "string"}}. */
    public Map<String, Object> field() {
        return Collections.unmodifiableMap(field);
    }

    /** The key schema text upstream registers: the field object as sorted-key JSON. */
    public String schemaString() {
        return schemaString;
    }

    /**
     * The key bytes of an event: its value at the path, encoded as {@link #encode} does.
     *
     * @throws org.openedx.events.EventBusException when the path cannot be walked in the data
     */
    public byte[] encodeKeyOf(EventData data) {
        return encode(keyPath.extract(data));
    }

    /**
     * A key kept as text (an outbox row keeps the text the producer extracted) read back as the
     * field's primitive type; the text itself for a string field.
     */
    private Object fromText(String text) {
        if (codec == PrimitiveCodecs.LONG || codec == PrimitiveCodecs.INT) {
            return Long.valueOf(text);
        }
        if (codec == PrimitiveCodecs.BOOLEAN && (text.equals("true") || text.equals("false"))) {
            return Boolean.valueOf(text);
        }
        return codec == PrimitiveCodecs.DOUBLE ? Double.valueOf(text) : text;
    }

    /**
     * The key bytes of a value found at the path: text for keys, date-times and UUIDs as for
     * event data; {@code null} for a null value (the key is then sent as null). A number or
     * boolean field's key may be given as its text.
     */
    public byte[] encode(Object value) {
        if (value == null) {
            return null;
        }
        if (codec == null) {
            throw new AvroSerializationException(eventType, path, "Cannot serialize the key of event " + eventType
                    + ": field '" + path + "' has type " + PythonJson.dumps(field.get("type"), true)
                    + "; only primitive-typed key fields (string, long, boolean, double) are supported", null);
        }
        Object wire = customTypes.textOf(value);
        ByteSink sink = new ByteSink(32);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(sink, null);
        try {
            codec.writeGeneric(wire != null ? wire : value instanceof String text ? fromText(text) : value, out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            FieldFailure failure = FieldFailure.wrap(e);
            throw new AvroSerializationException(eventType, path, "Cannot serialize the key of event " + eventType
                    + ": field '" + path + "': " + failure.reason(), failure.getCause());
        }
        return sink.toByteArray();
    }
}
