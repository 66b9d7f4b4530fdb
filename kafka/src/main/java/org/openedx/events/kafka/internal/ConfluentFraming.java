package org.openedx.events.kafka.internal;

import org.openedx.events.wire.UnusableMessageException;

/**
 * The Confluent wire format (version 0) of keys and values: a zero magic byte, the schema id
 * as a 4-byte big-endian integer, then the schemaless Avro binary.
 */
public final class ConfluentFraming {

    /** Magic byte and schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentFraming() {
    }

    /** The framed bytes of an Avro body written with schema {@code id}. */
    public static byte[] frame(int id, byte[] body) {
        byte[] framed = new byte[HEADER_LENGTH + body.length];
        framed[1] = (byte) (id >>> 24);
        framed[2] = (byte) (id >>> 16);
        framed[3] = (byte) (id >>> 8);
        framed[4] = (byte) id;
        System.arraycopy(body, 0, framed, HEADER_LENGTH, body.length);
        return framed;
    }

    /**
     * The schema id of framed bytes.
     *
     * @throws UnusableMessageException with Confluent's messages when the bytes are not framed
     */
    public static int schemaId(byte[] framed) {
        if (framed == null || framed.length <= HEADER_LENGTH) {
            throw new UnusableMessageException("Expecting data framing of length 6 bytes or more but total data size is "
                    + (framed == null ? 0 : framed.length) + " bytes. This message was not produced with a Confluent "
                    + "Schema Registry serializer");
        }
        if (framed[0] != 0) {
            throw new UnusableMessageException("Unexpected magic byte " + (framed[0] & 0xff) + ". This message was not "
                    + "produced with a Confluent Schema Registry serializer");
        }
        return (framed[1] & 0xff) << 24 | (framed[2] & 0xff) << 16 | (framed[3] & 0xff) << 8 | framed[4] & 0xff;
    }

    /** The Avro body of framed bytes (after {@link #schemaId} accepted them). */
    public static byte[] body(byte[] framed) {
        return java.util.Arrays.copyOfRange(framed, HEADER_LENGTH, framed.length);
    }
}
