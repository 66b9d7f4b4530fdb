package org.openedx.events.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.wire.MetadataCodec;

/**
 * The arguments of an {@code XADD} in the Redis wire encoding (RESP bulk strings), built on
 * the sending thread so that Lettuce's I/O thread only copies bytes.
 */
final class XaddEncoding {

    /**
     * Arguments after {@code XADD}: stream, {@code MAXLEN ~ n *}, then the eight field names and
     * values; a trace context adds its names and values after them.
     */
    static final int ARGUMENTS = 5 + (MetadataCodec.BARE_FIELDS.names().size() + 1) * 2;
    /** The first Redis version whose {@code XADD} takes {@code ACKED}. */
    private static final int[] ACKED_SINCE = {8, 2};

    private static final Map<String, byte[]> NAMES = names();

    private XaddEncoding() {
    }

    private static Map<String, byte[]> names() {
        Map<String, byte[]> names = new HashMap<>();
        for (String name : MetadataCodec.BARE_FIELDS.names()) {
            names.put(name, bulks(name));
        }
        names.put(StreamEntries.EVENT_DATA, bulks(StreamEntries.EVENT_DATA));
        names.put(EncodedEvent.TRACEPARENT, bulks(EncodedEvent.TRACEPARENT));
        names.put(EncodedEvent.TRACESTATE, bulks(EncodedEvent.TRACESTATE));
        return Map.copyOf(names);
    }

    /**
     * The encoded arguments after {@code XADD}: {@code <stream> MAXLEN ~ <n> *} from
     * {@code head}, then the entry's fields in upstream order, then the trace context's fields
     * (upstream's consumers read the fields they know by name and ignore these).
     *
     * @param head         {@link #head(String, int)} of the stream
     * @param traceContext {@code traceparent}, {@code tracestate} to carry; usually empty
     */
    static byte[] arguments(byte[] head, EventsMetadata metadata, byte[] eventData, Map<String, String> traceContext) {
        Map<String, String> fields = MetadataCodec.BARE_FIELDS.toFields(metadata);
        byte[][] parts = new byte[fields.size() * 2 + 2 + traceContext.size() * 2][];
        int i = 0;
        int size = head.length;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            parts[i] = NAMES.get(field.getKey());
            parts[i + 1] = field.getValue().getBytes(StandardCharsets.UTF_8);
            size += parts[i].length + bulkSize(parts[i + 1].length);
            i += 2;
        }
        parts[i] = NAMES.get(StreamEntries.EVENT_DATA);
        parts[i + 1] = eventData;
        size += parts[i].length + bulkSize(eventData.length);
        i += 2;
        for (Map.Entry<String, String> field : traceContext.entrySet()) {
            byte[] known = NAMES.get(field.getKey());
            parts[i] = known != null ? known : bulks(field.getKey());
            parts[i + 1] = field.getValue().getBytes(StandardCharsets.UTF_8);
            size += parts[i].length + bulkSize(parts[i + 1].length);
            i += 2;
        }
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, head.length);
        int at = head.length;
        for (int p = 0; p < parts.length; p += 2) {
            System.arraycopy(parts[p], 0, out, at, parts[p].length);
            at = bulk(out, at + parts[p].length, parts[p + 1]);
        }
        return out;
    }

    /** The encoded {@code <stream> MAXLEN ~ <n> *}, the same for every entry of a stream. */
    static byte[] head(String stream, int maxLen) {
        return head(stream, maxLen, false);
    }

    /**
     * The encoded {@code <stream> MAXLEN ~ <n> *}, or with {@code ackedOnly}
     * {@code <stream> ACKED MAXLEN ~ <n> *} (Redis 8.2: trimming removes only entries every
     * consumer group has read and acknowledged), the same for every entry of a stream.
     */
    static byte[] head(String stream, int maxLen, boolean ackedOnly) {
        return ackedOnly ? bulks(stream, "ACKED", "MAXLEN", "~", Integer.toString(maxLen), "*")
                : bulks(stream, "MAXLEN", "~", Integer.toString(maxLen), "*");
    }

    /** The number of arguments after {@code XADD} of an entry, with or without {@code ACKED}. */
    static int argumentCount(boolean ackedOnly) {
        return ackedOnly ? ARGUMENTS + 1 : ARGUMENTS;
    }

    /** {@code redis_version} of an {@code INFO server} reply, or null. */
    static String serverVersion(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        return null;
    }

    /** Whether a Redis version ({@code 7.0.15}, {@code 8.2.0}) takes {@code XADD ... ACKED}. */
    static boolean supportsAcked(String version) {
        String[] parts = version.split("\\.");
        for (int i = 0; i < ACKED_SINCE.length; i++) {
            int part;
            try {
                part = i < parts.length ? Integer.parseInt(parts[i].replaceAll("\\D.*", "")) : 0;
            } catch (NumberFormatException e) {
                return false;
            }
            if (part != ACKED_SINCE[i]) {
                return part > ACKED_SINCE[i];
            }
        }
        return true;
    }

    private static byte[] bulks(String... values) {
        int size = 0;
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
            size += bulkSize(bytes[i].length);
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] value : bytes) {
            at = bulk(out, at, value);
        }
        return out;
    }

    /** {@code $<length>\r\n<value>\r\n}. */
    private static int bulkSize(int length) {
        return 1 + digits(length) + 2 + length + 2;
    }

    private static int bulk(byte[] out, int at, byte[] value) {
        out[at++] = '$';
        int digits = digits(value.length);
        for (int d = digits - 1, n = value.length; d >= 0; d--, n /= 10) {
            out[at + d] = (byte) ('0' + n % 10);
        }
        at += digits;
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(value, 0, out, at, value.length);
        at += value.length;
        out[at++] = '\r';
        out[at++] = '\n';
        return at;
    }

    private static int digits(int n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }
}
