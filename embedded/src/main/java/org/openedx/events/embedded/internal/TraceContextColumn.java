package org.openedx.events.embedded.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openedx.events.wire.PythonJson;

/**
 * The {@code trace_context} column's text (and the {@code attributes} column's): a flat JSON object of strings
 * ({@code {"traceparent": "00-...", "tracestate": "..."}}). Read by hand rather than with a
 * general JSON reader: it is read for every message a traced consumer handles.
 */
final class TraceContextColumn {

    private TraceContextColumn() {
    }

    /** The column's text of a trace context; null for an empty one (the column stays NULL). */
    static String write(Map<String, String> context) {
        return context.isEmpty() ? null : PythonJson.dumps(context, false);
    }

    /**
     * The trace context of the column's text.
     *
     * @throws IllegalArgumentException when the text is not a flat JSON object of strings
     */
    static Map<String, String> read(String json) {
        Map<String, String> context = new LinkedHashMap<>(4);
        int[] at = {skipSpaces(json, 0)};
        expect(json, at, '{');
        if (peek(json, at) == '}') {
            return context;
        }
        while (true) {
            String name = string(json, at);
            expect(json, at, ':');
            context.put(name, string(json, at));
            char next = peek(json, at);
            at[0]++;
            if (next == '}') {
                return context;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected ',' or '}' at " + (at[0] - 1));
            }
        }
    }

    private static String string(String json, int[] at) {
        expect(json, at, '"');
        StringBuilder text = null;
        int start = at[0];
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                at[0] = i + 1;
                return text == null ? json.substring(start, i) : text.append(json, start, i).toString();
            }
            if (c == '\\') {
                text = (text == null ? new StringBuilder() : text).append(json, start, i);
                char escaped = json.charAt(++i);
                switch (escaped) {
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'u' -> {
                        text.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> text.append(escaped);
                }
                start = i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated string at " + start);
    }

    private static char peek(String json, int[] at) {
        at[0] = skipSpaces(json, at[0]);
        if (at[0] >= json.length()) {
            throw new IllegalArgumentException("unexpected end at " + at[0]);
        }
        return json.charAt(at[0]);
    }

    private static void expect(String json, int[] at, char wanted) {
        if (peek(json, at) != wanted) {
            throw new IllegalArgumentException("expected '" + wanted + "' at " + at[0]);
        }
        at[0]++;
    }

    private static int skipSpaces(String json, int at) {
        while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
            at++;
        }
        return at;
    }
}
