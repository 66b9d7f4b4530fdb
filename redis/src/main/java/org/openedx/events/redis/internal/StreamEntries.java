package org.openedx.events.redis.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.UnusableMessageException;

/**
 * Stream entries as edx-event-bus-redis reads them: the seven metadata fields of
 * {@link MetadataCodec#BARE_FIELDS} as UTF-8 text, then {@code event_data}, the schemaless
 * Avro bytes (written by {@link XaddCommand}); and dead-letter entries.
 */
public final class StreamEntries {

    /** The field holding the Avro bytes. */
    public static final String EVENT_DATA = "event_data";

    /** The metadata field names in wire order, then {@code event_data}. */
    private static final byte[][] NAMES;
    private static final Map<String, Integer> INDEXES;

    static {
        List<String> names = new ArrayList<>(MetadataCodec.BARE_FIELDS.names());
        names.add(EVENT_DATA);
        NAMES = names.stream().map(StreamEntries::bytes).toArray(byte[][]::new);
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            indexes.put(names.get(i), i);
        }
        INDEXES = Map.copyOf(indexes);
    }

    private StreamEntries() {
    }

    /** An entry that decoded: its signal, the producer's metadata and the typed data. */
    public record Decoded(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data) {
    }

    /**
     * Reads an entry as upstream's {@code RedisMessage.parse} and the consumer's decoding do.
     *
     * @throws UnusableMessageException                     when a field is missing or does not parse
     * @throws org.openedx.events.UnknownEventTypeException when no signal has the entry's type
     * @throws org.openedx.events.avro.AvroSerializationException when the Avro bytes do not decode
     */
    public static Decoded decode(Map<byte[], byte[]> body, AvroEventSerializer serializer) {
        byte[][] values = new byte[NAMES.length][];
        for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
            int index = indexOf(field.getKey());
            if (index >= 0) {
                values[index] = field.getValue();
            }
        }
        byte[] eventData = values[NAMES.length - 1];
        if (eventData == null) {
            throw new UnusableMessageException("Error determining metadata from message headers: b'" + EVENT_DATA
                    + "'");
        }
        EventsMetadata metadata = MetadataCodec.BARE_FIELDS.fromFields(name -> {
            Integer index = INDEXES.get(name);
            byte[] value = index == null ? null : values[index];
            return value == null ? null : text(value, name);
        }, false);
        OpenEdxPublicSignal signal = SignalRegistry.get(metadata.eventType());
        return new Decoded(signal, metadata, serializer.deserialize(signal, eventData));
    }

    /** The position of a known field name in {@link #NAMES}, or -1 for another field. */
    private static int indexOf(byte[] name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (Arrays.equals(NAMES[i], name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A dead-letter entry: the original fields as they were, then why and where it failed.
     *
     * @param body the original fields; empty when the entry was trimmed away before it was handled
     */
    public static Object[] deadLetter(Map<byte[], byte[]> body, String entryId, String group, String consumer,
                                      int attempts, String error) {
        List<Object> fields = new ArrayList<>(body.size() * 2 + 10);
        body.forEach((name, value) -> {
            fields.add(name);
            fields.add(value == null ? new byte[0] : value);
        });
        fields.add(bytes("error"));
        fields.add(bytes(error));
        fields.add(bytes("original_id"));
        fields.add(bytes(entryId));
        fields.add(bytes("consumer_group"));
        fields.add(bytes(group));
        fields.add(bytes("consumer_name"));
        fields.add(bytes(consumer));
        fields.add(bytes("attempts"));
        fields.add(bytes(Integer.toString(attempts)));
        return fields.toArray();
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Strict UTF-8, as Python's {@code bytes.decode()}: invalid bytes make the entry unusable. */
    private static String text(byte[] value, String what) {
        if (isAscii(value)) {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new UnusableMessageException("Error determining metadata from message headers: " + what
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
