package org.openedx.events.avro.internal;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** The union {@code ["null", T]} of a nullable field: branch 0 for null, 1 for a value. */
final class NullableCodec extends Codec {

    private final Codec inner;

    NullableCodec(Codec inner) {
        this.inner = inner;
    }

    @Override
    boolean nullable() {
        return true;
    }

    @Override
    void write(Object value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
            out.writeNull();
        } else {
            out.writeIndex(1);
            inner.write(value, out);
        }
    }

    @Override
    Object read(Decoder in) throws IOException {
        return branch(in) ? inner.read(in) : null;
    }

    @Override
    void writeGeneric(Object value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
            out.writeNull();
        } else {
            out.writeIndex(1);
            inner.writeGeneric(value, out);
        }
    }

    @Override
    Object readGeneric(Decoder in) throws IOException {
        return branch(in) ? inner.readGeneric(in) : null;
    }

    private static boolean branch(Decoder in) throws IOException {
        int index = in.readIndex();
        if (index == 0) {
            in.readNull();
            return false;
        }
        if (index == 1) {
            return true;
        }
        throw FieldFailure.of("invalid union branch " + index + " (the union is [\"null\", T])");
    }
}
