package org.openedx.events.wire;

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
}
