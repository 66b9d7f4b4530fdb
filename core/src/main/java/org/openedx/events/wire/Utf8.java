package org.openedx.events.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8, as Python's {@code bytes.decode()}: invalid bytes are an error, never replaced. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The text of a field's bytes.
     *
     * @throws UnusableMessageException naming the field when the bytes are not UTF-8
     */
    public static String decode(byte[] value, String field) {
        if (isAscii(value)) {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new UnusableMessageException("Error determining metadata from message headers: " + field
                    + " is not UTF-8", e);
        }
    }

    private static boolean isAscii(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
