package org.openedx.events.wire;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * UUID text as Python's {@code UUID(str)} reads it: upper or lower case, with or without
 * hyphens, braces or a {@code urn:uuid:} prefix, 32 hex digits in all. Java's
 * {@link UUID#fromString} accepts other shapes ({@code 1-1-1-1-1}) and rejects some of these.
 */
public final class PythonUuid {

    private PythonUuid() {
    }

    /**
     * @throws IllegalArgumentException with Python's message when the text is not a UUID
     */
    public static UUID parse(String text) {
        UUID canonical = parseCanonical(text);
        if (canonical != null) {
            return canonical;
        }
        String hex = text.replace("urn:", "").replace("uuid:", "");
        int start = 0;
        int end = hex.length();
        while (start < end && (hex.charAt(start) == '{' || hex.charAt(start) == '}')) {
            start++;
        }
        while (end > start && (hex.charAt(end - 1) == '{' || hex.charAt(end - 1) == '}')) {
            end--;
        }
        hex = hex.substring(start, end).replace("-", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("badly formed hexadecimal UUID string");
        }
        for (int i = 0; i < 32; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') {
                throw new IllegalArgumentException("badly formed hexadecimal UUID string");
            }
        }
        return new UUID(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16));
    }

    /** The 8-4-4-4-12 form every producer writes; else null. */
    private static UUID parseCanonical(String text) {
        return text.length() == 36 ? parseCanonical(text.getBytes(StandardCharsets.ISO_8859_1)) : null;
    }

    /**
     * The 8-4-4-4-12 form every producer writes, read from its ASCII bytes without copies
     * (consumers parse one per message); null for anything else, {@link #parse} then reads or
     * reports it.
     */
    static UUID parseCanonical(byte[] text) {
        if (text == null || text.length != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-'
                || text[23] != '-') {
            return null;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            int c = text[i];
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            int value = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (value < 0) {
                return null;
            }
            if (digits++ < 16) {
                high = high << 4 | value;
            } else {
                low = low << 4 | value;
            }
        }
        return new UUID(high, low);
    }
}
