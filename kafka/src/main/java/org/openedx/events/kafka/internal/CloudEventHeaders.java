package org.openedx.events.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.wire.MetadataCodec;
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
    private static final Set<String> UNIQUE = Set.of(CODEC.idField(), "ce_time");
    private static final int MAX_SHARED = 1000;
    private static final List<String> NAMES = CODEC.names();
    private static final String[] NAME_ARRAY = NAMES.toArray(String[]::new);
    private static final int TYPE = NAMES.indexOf(CODEC.typeField());

    /** Per header name, the headers already made for a value (a producer's own cache). */
    private final Map<String, Map<String, Header>> shared = new HashMap<>();

    /** The signal and metadata a message's headers name. */
    public record Decoded(OpenEdxPublicSignal signal, EventsMetadata metadata) {
    }

    /** Headers for one producer; thread-safe. */
    public CloudEventHeaders() {
        for (String name : NAMES) {
            shared.put(name, new ConcurrentHashMap<>());
        }
    }

    /**
     * The ten headers upstream writes, in its order. Headers whose value repeats from event to
     * event (all but {@code ce_id} and {@code ce_time}) are shared: the client keeps each
     * record's headers until the broker acknowledges it, so fresh copies of them would fill the
     * heap under load.
     */
    public Headers of(EventsMetadata metadata) {
        Header[] headers = new Header[3 + NAMES.size()];
        headers[0] = SPECVERSION_HEADER;
        headers[1] = CONTENT_TYPE_HEADER;
        headers[2] = DATA_CONTENT_TYPE_HEADER;
        int i = 3;
        for (Map.Entry<String, String> field : CODEC.toFields(metadata).entrySet()) {
            String name = field.getKey();
            headers[i++] = UNIQUE.contains(name) ? new RecordHeader(name, utf8(field.getValue()))
                    : shared(name, field.getValue());
        }
        return new RecordHeaders(headers);
    }

    private Header shared(String name, String value) {
        Map<String, Header> byValue = shared.get(name);
        Header header = byValue.get(value);
        if (header == null) {
            if (byValue.size() >= MAX_SHARED) {
                byValue.clear();
            }
            header = new RecordHeader(name, utf8(value));
            byValue.put(value, header);
        }
        return header;
    }

    /**
     * The signal (from the single {@code ce_type} header) and the metadata of a message.
     *
     * @throws UnusableMessageException with upstream's messages when a header is missing,
     *                                  duplicated or cannot be read, or the type is unknown
     */
    public static Decoded read(Headers headers) {
        String[] values = new String[NAMES.size()];
        String duplicate = null;
        int types = 0;
        for (Header header : headers) {
            int index = index(header.key());
            if (index < 0) {
                continue;
            }
            if (index == TYPE) {
                types++;
            }
            if (values[index] != null && duplicate == null) {
                duplicate = header.key();
            }
            values[index] = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        }
        if (types == 0) {
            throw new UnusableMessageException("Missing ce_type header on message, cannot determine signal");
        }
        if (types > 1) {
            throw new UnusableMessageException("Multiple ce_type headers found on message, cannot determine signal");
        }
        String type = values[TYPE];
        OpenEdxPublicSignal signal = SignalRegistry.find(type).orElseThrow(() -> new UnusableMessageException(
                "Unrecognized type " + type + " found on message, cannot determine signal"));
        if (duplicate != null) {
            throw new UnusableMessageException("Error determining metadata from message headers: Multiple \""
                    + duplicate + "\" headers on message. Cannot determine correct metadata.");
        }
        try {
            return new Decoded(signal, CODEC.fromFields(name -> values[index(name)], true));
        } catch (UnusableMessageException e) {
            if (e.getMessage().startsWith("Error determining metadata")) {
                throw e;
            }
            throw new UnusableMessageException("Error determining metadata from message headers: " + e.getMessage(), e);
        }
    }

    /**
     * The position of a metadata header name, or -1. Compared rather than hashed: each message's
     * header names are new strings, whose hash codes would be computed every time.
     */
    private static int index(String name) {
        for (int i = 0; i < NAME_ARRAY.length; i++) {
            if (NAME_ARRAY[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of the last header of that name, as text, or null. */
    public static String last(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
