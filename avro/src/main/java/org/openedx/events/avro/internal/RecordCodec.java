package org.openedx.events.avro.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.ResolvingDecoder;

/**
 * An Avro record: a Java record's components in order, read through their accessors and
 * rebuilt with the canonical constructor; generically, a map from wire field name to value.
 * The top level of an event (the {@code CloudEvent} record) is one of these without a Java
 * type.
 */
final class RecordCodec extends Codec {

    private final Class<?> type;
    private final String[] names;
    private final Codec[] codecs;
    private final MethodHandle[] getters;
    private final MethodHandle constructor;

    /**
     * @param getters     one {@code (Object)Object} accessor per field, or null for the top level
     * @param constructor {@code (Object[])Object} canonical constructor, or null for the top level
     */
    RecordCodec(Class<?> type, String[] names, Codec[] codecs, MethodHandle[] getters, MethodHandle constructor) {
        this.type = type;
        this.names = names;
        this.codecs = codecs;
        this.getters = getters;
        this.constructor = constructor;
    }

    int size() {
        return names.length;
    }

    String name(int index) {
        return names[index];
    }

    @Override
    void write(Object value, Encoder out) throws IOException {
        if (!type.isInstance(value)) {
            throw wrongType("a " + type.getName(), value);
        }
        for (int i = 0; i < names.length; i++) {
            Object field;
            try {
                field = (Object) getters[i].invokeExact(value);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw FieldFailure.of("the accessor failed: " + e, e).inField(names[i]);
            }
            writeField(i, field, out, false);
        }
    }

    /** Writes field {@code index}, checking null, and puts the field name on any failure. */
    void writeField(int index, Object value, Encoder out, boolean generic) {
        try {
            Codec codec = codecs[index];
            if (value == null && !codec.nullable()) {
                throw notNullable();
            }
            if (generic) {
                codec.writeGeneric(value, out);
            } else {
                codec.write(value, out);
            }
        } catch (IOException | RuntimeException e) {
            throw FieldFailure.wrap(e).inField(names[index]);
        }
    }

    @Override
    void writeGeneric(Object value, Encoder out) throws IOException {
        if (!(value instanceof Map<?, ?> map)) {
            throw wrongType("a map of field name to value", value);
        }
        writeGenericFields(map, out, "field");
    }

    /** Writes each field from a map by wire name: absent means null; keys that are no field fail. */
    void writeGenericFields(Map<?, ?> map, Encoder out, String what) {
        int present = 0;
        for (int i = 0; i < names.length; i++) {
            Object field = map.get(names[i]);
            if (field != null || map.containsKey(names[i])) {
                present++;
            } else if (!codecs[i].nullable()) {
                throw FieldFailure.of("missing " + what + " (it is not nullable)").inField(names[i]);
            }
            writeField(i, field, out, true);
        }
        if (present != map.size()) {
            for (Object key : map.keySet()) {
                if (!java.util.Arrays.asList(names).contains(key)) {
                    throw FieldFailure.of("unknown " + what + " '" + key + "'; the " + what + "s are "
                            + java.util.Arrays.toString(names));
                }
            }
        }
    }

    @Override
    Object read(Decoder in) throws IOException {
        Object[] values = readValues(in, false);
        try {
            return (Object) constructor.invokeExact(values);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw FieldFailure.of("cannot build " + type.getSimpleName() + ": " + e, e);
        }
    }

    @Override
    Object readGeneric(Decoder in) throws IOException {
        Object[] values = readValues(in, true);
        Map<String, Object> map = new LinkedHashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    /**
     * Reads every field into an array in schema order. With schema resolution the writer's
     * order may differ and reader-only fields come from their defaults, so the resolver says
     * which field comes next.
     */
    Object[] readValues(Decoder in, boolean generic) throws IOException {
        Object[] values = new Object[names.length];
        if (in instanceof ResolvingDecoder resolving) {
            for (Schema.Field field : resolving.readFieldOrder()) {
                values[field.pos()] = readField(field.pos(), in, generic);
            }
        } else {
            for (int i = 0; i < names.length; i++) {
                values[i] = readField(i, in, generic);
            }
        }
        return values;
    }

    private Object readField(int index, Decoder in, boolean generic) {
        try {
            return generic ? codecs[index].readGeneric(in) : codecs[index].read(in);
        } catch (IOException | RuntimeException e) {
            throw FieldFailure.wrap(e).inField(names[index]);
        }
    }
}
