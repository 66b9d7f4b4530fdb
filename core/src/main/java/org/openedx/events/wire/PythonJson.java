package org.openedx.events.wire;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text as Python's {@code json.dumps} writes it with default options: separators
 * {@code ", "} and {@code ": "}, non-ASCII escaped as {@code \\uXXXX}, and optionally keys
 * sorted at every level ({@code sort_keys=True}, by code point as Python compares strings). Upstream's schema strings and
 * {@code EventsMetadata.to_json} use this form, so the Java text can be compared byte for byte.
 */
public final class PythonJson {

    private PythonJson() {
    }

    /**
     * Writes maps (string keys), collections, strings, numbers, booleans and {@code null}.
     *
     * @param sortKeys sort map keys by code point at every level, as {@code sort_keys=True}
     */
    public static String dumps(Object value, boolean sortKeys) {
        StringBuilder text = new StringBuilder(256);
        write(text, value, sortKeys);
        return text.toString();
    }

    private static void write(StringBuilder text, Object value, boolean sortKeys) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof String s) {
            writeString(text, s);
        } else if (value instanceof Boolean b) {
            text.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            text.append(pythonFloat(((Number) value).doubleValue()));
        } else if (value instanceof Number n) {
            text.append(n);
        } else if (value instanceof Map<?, ?> map) {
            Map<?, ?> ordered = map;
            if (sortKeys) {
                Map<String, Object> sorted = new TreeMap<>(CodePointOrder.COMPARATOR);
                map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                ordered = sorted;
            }
            text.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ordered.entrySet()) {
                if (!first) {
                    text.append(", ");
                }
                first = false;
                writeString(text, String.valueOf(entry.getKey()));
                text.append(": ");
                write(text, entry.getValue(), sortKeys);
            }
            text.append('}');
        } else if (value instanceof Collection<?> items) {
            text.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    text.append(", ");
                }
                first = false;
                write(text, item, sortKeys);
            }
            text.append(']');
        } else {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(d);
    }

    private static void writeString(StringBuilder text, String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
