package org.openedx.events.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.EnvelopeDecoder;
import org.openedx.events.wire.MetadataCodec;

/**
 * Stream entries as edx-event-bus-redis writes them: the seven metadata fields of
 * {@link MetadataCodec#BARE_FIELDS} as UTF-8 text, then {@code event_data}, the schemaless
 * Avro bytes (written by {@link XaddEncoding}); and dead-letter entries.
 */
final class StreamEntries {

    /** The field holding the Avro bytes. */
    static final String EVENT_DATA = "event_data";

    /**
     * The metadata field names in wire order, which is also the order {@link EnvelopeDecoder}
     * takes their values in, then {@code event_data}.
     */
    private static final byte[][] NAMES;
    private static final int EVENT_DATA_INDEX;
    private static final byte[] TRACEPARENT = bytes(EncodedEvent.TRACEPARENT);
    private static final byte[] TRACESTATE = bytes(EncodedEvent.TRACESTATE);

    static {
        List<String> names = new ArrayList<>(MetadataCodec.BARE_FIELDS.names());
        names.add(EVENT_DATA);
        NAMES = names.stream().map(StreamEntries::bytes).toArray(byte[][]::new);
        EVENT_DATA_INDEX = NAMES.length - 1;
    }

    private StreamEntries() {
    }

    /**
     * Decodes an entry's fields as upstream's {@code RedisMessage.parse} and consumer do; other
     * fields are ignored.
     *
     * @param decoder a decoder of {@link MetadataCodec#BARE_FIELDS}
     */
    static DecodeResult decode(Map<byte[], byte[]> body, EnvelopeDecoder decoder) {
        byte[][] metadata = new byte[EVENT_DATA_INDEX][];
        byte[] eventData = null;
        for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
            int index = indexOf(field.getKey());
            if (index == EVENT_DATA_INDEX) {
                eventData = field.getValue();
            } else if (index >= 0) {
                metadata[index] = field.getValue();
            }
        }
        return decoder.decode(metadata, eventData);
    }

    /**
     * The position of a known field name in {@link #NAMES}, or -1 for another field: a few
     * byte comparisons, cheaper than hashing a name that is a new array in every entry.
     */
    private static int indexOf(byte[] name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (Arrays.equals(NAMES[i], name)) {
                return i;
            }
        }
        return -1;
    }

    /** The trace context fields of an entry ({@code traceparent}, {@code tracestate}, after upstream's); empty when none. */
    static Map<String, String> traceContext(Map<byte[], byte[]> body) {
        Map<String, String> context = null;
        for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
            String name = Arrays.equals(field.getKey(), TRACEPARENT) ? EncodedEvent.TRACEPARENT
                    : Arrays.equals(field.getKey(), TRACESTATE) ? EncodedEvent.TRACESTATE : null;
            if (name != null && field.getValue() != null) {
                context = context == null ? new LinkedHashMap<>() : context;
                context.put(name, new String(field.getValue(), StandardCharsets.UTF_8));
            }
        }
        return context == null ? Map.of() : context;
    }

    /**
     * A dead-letter entry's fields: the original fields as they were, in order, then the
     * letter's attributes.
     *
     * @param body the original fields; empty when the entry was trimmed away before it was handled
     */
    static Object[] deadLetter(Map<byte[], byte[]> body, Map<String, String> attributes) {
        Object[] fields = new Object[(body.size() + attributes.size()) * 2];
        int i = 0;
        for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
            fields[i++] = field.getKey();
            fields[i++] = field.getValue() == null ? new byte[0] : field.getValue();
        }
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            fields[i++] = bytes(attribute.getKey());
            fields[i++] = bytes(attribute.getValue());
        }
        return fields;
    }

    /** The dead letter's attributes an entry carries (after upstream's fields); empty for an entry that is not one. */
    static Optional<DeadLetter> letter(Map<byte[], byte[]> body) {
        Map<String, String> fields = new HashMap<>();
        body.forEach((name, value) -> fields.put(new String(name, StandardCharsets.UTF_8),
                value == null ? null : new String(value, StandardCharsets.UTF_8)));
        return DeadLetter.fromAttributes(fields::get);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
