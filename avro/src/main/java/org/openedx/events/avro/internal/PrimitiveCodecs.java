package org.openedx.events.avro.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** Codecs of the Avro primitives: string, long (Java int or long), boolean, double and bytes. */
final class PrimitiveCodecs {

    static final Codec STRING = new StringCodec();
    static final Codec LONG = new LongCodec(false);
    static final Codec INT = new LongCodec(true);
    static final Codec BOOLEAN = new BooleanCodec();
    static final Codec DOUBLE = new DoubleCodec();
    static final Codec BYTES = new BytesCodec();

    private PrimitiveCodecs() {
    }

    private static final class StringCodec extends Codec {
        @Override
        void write(Object value, Encoder out) throws IOException {
            if (!(value instanceof String text)) {
                throw wrongType("a String", value);
            }
            out.writeString(text);
        }

        @Override
        Object read(Decoder in) throws IOException {
            return in.readString();
        }

        @Override
        void writeGeneric(Object value, Encoder out) throws IOException {
            if (!(value instanceof CharSequence text)) {
                throw wrongType("a string", value);
            }
            out.writeString(text.toString());
        }

        @Override
        Object readGeneric(Decoder in) throws IOException {
            return in.readString();
        }
    }

    private static final class LongCodec extends Codec {
        private final boolean intTarget;

        LongCodec(boolean intTarget) {
            this.intTarget = intTarget;
        }

        @Override
        void write(Object value, Encoder out) throws IOException {
            writeGeneric(value, out);
        }

        @Override
        Object read(Decoder in) throws IOException {
            long value = in.readLong();
            if (!intTarget) {
                return value;
            }
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw FieldFailure.of("value " + value + " does not fit the int field");
            }
            return (int) value;
        }

        @Override
        void writeGeneric(Object value, Encoder out) throws IOException {
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                out.writeLong(((Number) value).longValue());
            } else if (value instanceof BigInteger big && big.bitLength() < 64) {
                out.writeLong(big.longValue());
            } else {
                throw wrongType("an integer (64-bit)", value);
            }
        }

        @Override
        Object readGeneric(Decoder in) throws IOException {
            return in.readLong();
        }
    }

    private static final class BooleanCodec extends Codec {
        @Override
        void write(Object value, Encoder out) throws IOException {
            writeGeneric(value, out);
        }

        @Override
        Object read(Decoder in) throws IOException {
            return in.readBoolean();
        }

        @Override
        void writeGeneric(Object value, Encoder out) throws IOException {
            if (!(value instanceof Boolean flag)) {
                throw wrongType("a boolean", value);
            }
            out.writeBoolean(flag);
        }

        @Override
        Object readGeneric(Decoder in) throws IOException {
            return in.readBoolean();
        }
    }

    private static final class DoubleCodec extends Codec {
        @Override
        void write(Object value, Encoder out) throws IOException {
            writeGeneric(value, out);
        }

        @Override
        Object read(Decoder in) throws IOException {
            return in.readDouble();
        }

        /** Any number, as Python widens an int given for a float field. */
        @Override
        void writeGeneric(Object value, Encoder out) throws IOException {
            if (!(value instanceof Number number)) {
                throw wrongType("a number", value);
            }
            out.writeDouble(number.doubleValue());
        }

        @Override
        Object readGeneric(Decoder in) throws IOException {
            return in.readDouble();
        }
    }

    /**
     * Bytes can be read but not written: upstream's serializer fails on any bytes value
     * ({@code ValueError: Circular reference detected}), so no Python producer can send one,
     * and a Java producer refuses too.
     */
    private static final class BytesCodec extends Codec {
        @Override
        void write(Object value, Encoder out) {
            throw FieldFailure.of("bytes values cannot be serialized: upstream's serializer fails on them"
                    + " (ValueError: Circular reference detected), so no event may carry them");
        }

        @Override
        Object read(Decoder in) throws IOException {
            ByteBuffer buffer = in.readBytes(null);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }

        @Override
        void writeGeneric(Object value, Encoder out) {
            write(value, out);
        }

        @Override
        Object readGeneric(Decoder in) throws IOException {
            return read(in);
        }
    }
}
