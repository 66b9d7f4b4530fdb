package org.openedx.events.avro.internal;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * A custom type as an Avro string. Typed values are written with the type's serializer and
 * read with its deserializer; generic values are text, checked (and normalized on write)
 * with the same functions, so that what goes on the wire is what a typed producer writes.
 */
final class CustomCodec extends Codec {

    private final CustomType<?> type;

    CustomCodec(CustomType<?> type) {
        this.type = type;
    }

    @Override
    void write(Object value, Encoder out) throws IOException {
        if (!type.type().isInstance(value)) {
            throw wrongType("a " + type.type().getName(), value);
        }
        out.writeString(type.toText(value));
    }

    @Override
    Object read(Decoder in) throws IOException {
        return type.fromText(in.readString());
    }

    /** Text (checked and normalized) or a value of the type itself. */
    @Override
    void writeGeneric(Object value, Encoder out) throws IOException {
        if (value instanceof CharSequence text) {
            out.writeString(type.normalize(text.toString()));
        } else if (type.type().isInstance(value)) {
            out.writeString(type.toText(value));
        } else {
            throw wrongType("a string holding a " + type.type().getSimpleName(), value);
        }
    }

    /** The text as it was on the wire, after checking that it parses. */
    @Override
    Object readGeneric(Decoder in) throws IOException {
        String text = in.readString();
        type.fromText(text);
        return text;
    }
}
