package org.openedx.events.avro.internal;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Writes and reads one Avro type. Each event gets a tree of codecs built once from its data
 * types; the same tree serves typed values (records, keys, date-times) and JSON-like values
 * (maps, lists, strings, numbers, booleans). Values given to {@code write*} are never
 * {@code null}: only {@link NullableCodec} accepts null, and containers check before calling.
 */
abstract class Codec {

    /** Writes a typed value of the declared Java type. */
    abstract void write(Object value, Encoder out) throws IOException;

    /** Reads a typed value of the declared Java type. */
    abstract Object read(Decoder in) throws IOException;

    /** Writes a JSON-like value. */
    abstract void writeGeneric(Object value, Encoder out) throws IOException;

    /** Reads a JSON-like value. */
    abstract Object readGeneric(Decoder in) throws IOException;

    /** Whether {@code null} is a legal value. */
    boolean nullable() {
        return false;
    }

    static FieldFailure notNullable() {
        return FieldFailure.of("value is null but the field is not nullable (only @Nullable fields,"
                + " upstream's default=None, may be null)");
    }

    static FieldFailure wrongType(String expected, Object value) {
        return FieldFailure.of("expected " + expected + ", got " + value.getClass().getName());
    }
}
