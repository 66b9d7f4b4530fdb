package org.openedx.events.kafka.internal;

/** Python's {@code repr()} of bytes, for log lines that match upstream's. */
public final class PythonRepr {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonRepr() {
    }

    /** {@code b'...'} as Python writes it; {@code None} for null. */
    public static String bytes(byte[] value) {
        if (value == null) {
            return "None";
        }
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : value) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder text = new StringBuilder(value.length + 3).append('b').append(quote);
        for (byte b : value) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                text.append('\\').append((char) c);
            } else if (c == '\t') {
                text.append("\\t");
            } else if (c == '\n') {
                text.append("\\n");
            } else if (c == '\r') {
                text.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                text.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                text.append((char) c);
            }
        }
        return text.append(quote).toString();
    }

    /** Python's {@code repr()} of a string. */
    public static String string(String value) {
        if (value == null) {
            return "None";
        }
        char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder text = new StringBuilder(value.length() + 2).append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote || c == '\\') {
                text.append('\\').append(c);
            } else if (c == '\n') {
                text.append("\\n");
            } else if (c == '\r') {
                text.append("\\r");
            } else if (c == '\t') {
                text.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                text.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                text.append(c);
            }
        }
        return text.append(quote).toString();
    }
}
