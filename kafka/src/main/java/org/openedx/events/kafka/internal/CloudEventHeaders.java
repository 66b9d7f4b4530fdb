package org.openedx.events.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.MetadataReader;
import org.openedx.events.wire.UnusableMessageException;

/**
 * The CloudEvents headers of a message (kafka.md §6): written in upstream's order, and read
 * back with upstream's rules (the signal from the single {@code ce_type}, {@code ce_id}
 * required, duplicates refused, other missing fields defaulted on the consumer).
 */
public final class CloudEventHeaders {

    private static final String SPECVERSION = "ce_specversion";
    private static final String CONTENT_TYPE = "content-type";
    private static final String DATA_CONTENT_TYPE = "ce_datacontenttype";

    private static final MetadataCodec CODEC = MetadataCodec.CLOUD_EVENTS_HEADERS;
    private static final byte[] SPECVERSION_VALUE = utf8("1.0");
    private static final byte[] AVRO = utf8("application/avro");
    private static final Header SPECVERSION_HEADER = new RecordHeader(SPECVERSION, SPECVERSION_VALUE);
    private static final Header CONTENT_TYPE_HEADER = new RecordHeader(CONTENT_TYPE, AVRO);
    private static final Header DATA_CONTENT_TYPE_HEADER = new RecordHeader(DATA_CONTENT_TYPE, AVRO);
    private static final int MAX_SHARED = 1000;
    private static final List<String> NAMES = CODEC.names();
    private static final byte[] EMPTY = new byte[0];

    private static final int ID = NAMES.indexOf(CODEC.idField());
    private static final int TIME = NAMES.indexOf(CODEC.timeField());

    /** Per event type, the headers of the fields that repeat from event to event (a producer's own cache). */
    private final Map<String, Repeated> repeated = new ConcurrentHashMap<>();

    /** The headers of metadata's fields; those of the id and time serve only that metadata. */
    private record Repeated(EventsMetadata template, Header[] headers) {
        boolean fits(EventsMetadata metadata) {
            return template.minorversion() == metadata.minorversion() && template.source().equals(metadata.source())
                    && template.sourcehost().equals(metadata.sourcehost())
                    && template.sourcelib().equals(metadata.sourcelib());
        }
    }

    /** Headers for one producer; thread-safe. */
    public CloudEventHeaders() {
    }

    /**
     * The ten headers upstream writes, in its order. Headers whose value repeats from event to
     * event (all but {@code ce_id} and {@code ce_time}) are shared: the client keeps each
     * record's headers until the broker acknowledges it, so fresh copies of them would fill the
     * heap under load, and making them is most of the cost of a send.
     */
    public Headers of(EventsMetadata metadata) {
        return of(metadata, Map.of());
    }

    /**
     * The ten headers upstream writes, then a header per trace context entry ({@code traceparent},
     * {@code tracestate}), which upstream's consumer does not read: it takes its metadata from the
     * {@code ce_} headers and the two host and library headers by name.
     */
    public Headers of(EventsMetadata metadata, Map<String, String> traceContext) {
        Repeated known = repeated.get(metadata.eventType());
        if (known == null || !known.fits(metadata)) {
            Header[] made = new Header[NAMES.size()];
            int i = 0;
            for (Map.Entry<String, String> field : CODEC.toFields(metadata).entrySet()) {
                made[i++] = new RecordHeader(field.getKey(), utf8(field.getValue()));
            }
            known = new Repeated(metadata, made);
            if (repeated.size() >= MAX_SHARED) {
                repeated.clear();
            }
            repeated.put(metadata.eventType(), known);
        }
        Header[] headers = new Header[3 + NAMES.size() + traceContext.size()];
        headers[0] = SPECVERSION_HEADER;
        headers[1] = CONTENT_TYPE_HEADER;
        headers[2] = DATA_CONTENT_TYPE_HEADER;
        for (int i = 0; i < NAMES.size(); i++) {
            headers[3 + i] = i == ID ? new RecordHeader(NAMES.get(ID), utf8(metadata.id().toString()))
                    : i == TIME ? new RecordHeader(NAMES.get(TIME), utf8(metadata.timeText())) : known.headers[i];
        }
        int at = 3 + NAMES.size();
        for (Map.Entry<String, String> entry : traceContext.entrySet()) {
            headers[at++] = new RecordHeader(entry.getKey(), utf8(entry.getValue()));
        }
        return new RecordHeaders(headers);
    }

    /**
     * Reads the signal and metadata of one consumer thread's messages; keeps what repeats from
     * message to message, so not thread-safe.
     */
    public static final class Reader {
        private final MetadataReader metadata = new MetadataReader(CODEC, true);
        private final int type = metadata.indexOf(CODEC.typeField());
        /** The header names in the order producers write them, and each one's metadata position (or -1). */
        private final String[] written = new String[3 + NAMES.size()];
        private final int[] writtenPositions = new int[written.length];
        private final byte[][] values = new byte[metadata.fields()][];
        private byte[] lastType;
        private OpenEdxPublicSignal lastSignal;

        /** A reader for one thread. */
        public Reader() {
            written[0] = SPECVERSION;
            written[1] = CONTENT_TYPE;
            written[2] = DATA_CONTENT_TYPE;
            for (int i = 0; i < NAMES.size(); i++) {
                written[3 + i] = NAMES.get(i);
            }
            for (int i = 0; i < written.length; i++) {
                writtenPositions[i] = metadata.indexOf(written[i]);
            }
        }

        /**
         * The metadata of a message; its signal (from the single {@code ce_type} header) is then
         * {@link #signal()}. Two results, without an object to hold them: this runs for every message.
         *
         * @throws UnusableMessageException with upstream's messages when a header is missing,
         *                                  duplicated or cannot be read, or the type is unknown
         */
        public EventsMetadata read(Headers headers) {
            Arrays.fill(values, null);
            String duplicate = null;
            int types = 0;
            int expected = 0;
            for (Header header : headers) {
                String key = header.key();
                int index;
                // One comparison when the headers come in the usual order, rather than hashing each new name.
                if (expected < written.length && written[expected].equals(key)) {
                    index = writtenPositions[expected++];
                } else {
                    index = metadata.indexOf(key);
                }
                if (index < 0) {
                    continue;
                }
                if (index == type) {
                    types++;
                }
                if (values[index] != null && duplicate == null) {
                    duplicate = header.key();
                }
                values[index] = header.value() == null ? EMPTY : header.value();
            }
            if (types == 0) {
                throw new UnusableMessageException("Missing ce_type header on message, cannot determine signal");
            }
            if (types > 1) {
                throw new UnusableMessageException("Multiple ce_type headers found on message, cannot determine "
                        + "signal");
            }
            readSignal(values[type]);
            if (duplicate != null) {
                throw new UnusableMessageException("Error determining metadata from message headers: Multiple \""
                        + duplicate + "\" headers on message. Cannot determine correct metadata.");
            }
            try {
                return metadata.read(values);
            } catch (UnusableMessageException e) {
                if (e.getMessage().startsWith("Error determining metadata")) {
                    throw e;
                }
                throw new UnusableMessageException("Error determining metadata from message headers: "
                        + e.getMessage(), e);
            }
        }

        /** The signal of the message {@link #read} read last. */
        public OpenEdxPublicSignal signal() {
            return lastSignal;
        }

        private void readSignal(byte[] typeBytes) {
            if (!Arrays.equals(typeBytes, lastType)) {
                String eventType = new String(typeBytes, StandardCharsets.UTF_8);
                lastSignal = SignalRegistry.find(eventType).orElseThrow(() -> new UnusableMessageException(
                        "Unrecognized type " + eventType + " found on message, cannot determine signal"));
                lastType = typeBytes;
            }
        }
    }

    /** The headers as Python would show them: {@code [('ce_type', b'...'), ...]}. */
    public static String describe(Headers headers) {
        StringBuilder text = new StringBuilder("[");
        for (Header header : headers) {
            text.append(text.length() == 1 ? "" : ", ").append('(').append(PythonRepr.string(header.key())).append(", ")
                    .append(PythonRepr.bytes(header.value())).append(')');
        }
        return text.append(']').toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
