package org.openedx.events.wire;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.openedx.events.EventsMetadata;

/**
 * Reads the metadata of one consumer's messages from their raw UTF-8 field values, with the
 * result and the errors of {@link MetadataCodec#fromFields}, at a fraction of its cost for a
 * steady stream: the fields that repeat from message to message (type, source, minor version,
 * source host, source library) are decoded once and then recognised by their bytes, and the id
 * and time are read straight from their bytes when they have the shape every producer writes.
 * A message with a missing, empty or otherwise written field goes through {@code fromFields},
 * so its warnings, defaults and error messages are the same. Not thread-safe: one per consumer.
 */
public final class MetadataReader {

    // Positions in MetadataCodec.names().
    private static final int TYPE = 0;
    private static final int ID = 1;
    private static final int SOURCE = 2;
    private static final int TIME = 3;
    private static final int MINORVERSION = 4;
    private static final int SOURCEHOST = 5;
    private static final int SOURCELIB = 6;

    private final MetadataCodec codec;
    private final List<String> names;
    private final boolean idRequired;
    /** Hashed, not compared name by name: a message's names are new strings, and most are not metadata. */
    private final Map<String, Integer> positions = new HashMap<>();
    private final Repeated<String> type = new Repeated<>(text -> text);
    private final Repeated<String> source = new Repeated<>(text -> text);
    private final Repeated<Integer> minorversion = new Repeated<>(Integer::valueOf);
    private final Repeated<String> sourcehost = new Repeated<>(text -> text);
    private final Repeated<List<Integer>> sourcelib = new Repeated<>(EventsMetadata::parseSourcelib);

    /**
     * @param idRequired whether a message without an id is unusable (Kafka) rather than given a new one
     */
    public MetadataReader(MetadataCodec codec, boolean idRequired) {
        this.codec = codec;
        this.names = codec.names();
        this.idRequired = idRequired;
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i);
        }
    }

    /** How many values {@link #read} takes: one per name of the codec, in its order. */
    public int fields() {
        return names.size();
    }

    /** The position of a field name among the values {@link #read} takes, or -1. */
    public int indexOf(String name) {
        return positions.getOrDefault(name, -1);
    }

    /**
     * The metadata of a message.
     *
     * @param values the UTF-8 value of each field, in the codec's order; null for a missing one. The
     *               value arrays may be kept to recognise the next message's, so must not change.
     * @throws UnusableMessageException as {@link MetadataCodec#fromFields} throws it
     */
    public EventsMetadata read(byte[][] values) {
        for (byte[] value : values) {
            if (value == null || value.length == 0) {
                return fallback(values);
            }
        }
        String eventType = type.of(values[TYPE]);
        if (eventType == null) {
            return fallback(values);
        }
        UUID id = PythonUuid.parseCanonical(values[ID]);
        String sourceText = source.of(values[SOURCE]);
        OffsetDateTime time = IsoDateTimes.parseUtcAsWritten(values[TIME]);
        Integer minor = minorversion.of(values[MINORVERSION]);
        String host = sourcehost.of(values[SOURCEHOST]);
        List<Integer> lib = sourcelib.of(values[SOURCELIB]);
        if (id == null || time == null || sourceText == null || host == null || minor == null || minor < 0 || lib == null || lib.isEmpty()) {
            return fallback(values);
        }
        return new EventsMetadata(eventType, id, minor, sourceText, host, time, lib);
    }

    private EventsMetadata fallback(byte[][] values) {
        Function<String, String> lookup = name -> {
            byte[] value = values[indexOf(name)];
            return value == null ? null : Utf8.decode(value, name);
        };
        return codec.fromFields(lookup, idRequired);
    }

    /** The last value of a field, decoded; null when it does not parse (then the fallback reports it). */
    private static final class Repeated<T> {
        private final Function<String, T> parse;
        private byte[] bytes;
        private T value;

        Repeated(Function<String, T> parse) {
            this.parse = parse;
        }

        T of(byte[] raw) {
            if (!Arrays.equals(raw, bytes)) {
                T parsed;
                try {
                    parsed = parse.apply(Utf8.decode(raw, "field"));
                } catch (RuntimeException e) {
                    return null;
                }
                bytes = raw;
                value = parsed;
            }
            return value;
        }
    }
}
