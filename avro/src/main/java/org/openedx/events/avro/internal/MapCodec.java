package org.openedx.events.avro.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.openedx.events.wire.CodePointOrder;

/**
 * An Avro map with string keys. Entries are written in code-point order of their keys, as
 * Python's sort-keys JSON round trip leaves them, in one block. Values are never null.
 * Reading keeps the wire order.
 */
final class MapCodec extends Codec {

    private static final Comparator<Map.Entry<?, ?>> BY_KEY =
            (a, b) -> CodePointOrder.compare((String) a.getKey(), (String) b.getKey());

    private final Codec value;

    MapCodec(Codec value) {
        this.value = value;
    }

    @Override
    void write(Object map, Encoder out) throws IOException {
        write(map, out, false);
    }

    @Override
    void writeGeneric(Object map, Encoder out) throws IOException {
        write(map, out, true);
    }

    private void write(Object map, Encoder out, boolean generic) throws IOException {
        if (!(map instanceof Map<?, ?> entries)) {
            throw wrongType("a map", map);
        }
        Map.Entry<?, ?>[] sorted = entries.entrySet().toArray(new Map.Entry<?, ?>[0]);
        for (Map.Entry<?, ?> entry : sorted) {
            if (!(entry.getKey() instanceof String)) {
                throw FieldFailure.of("map keys must be strings, found "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
        }
        if (sorted.length > 1) {
            Arrays.sort(sorted, BY_KEY);
        }
        out.writeMapStart();
        out.setItemCount(sorted.length);
        for (Map.Entry<?, ?> entry : sorted) {
            String key = (String) entry.getKey();
            try {
                Object element = entry.getValue();
                if (element == null) {
                    throw FieldFailure.of("map values may not be null");
                }
                out.startItem();
                out.writeString(key);
                if (generic) {
                    value.writeGeneric(element, out);
                } else {
                    value.write(element, out);
                }
            } catch (IOException | RuntimeException e) {
                throw FieldFailure.wrap(e).atKey(key);
            }
        }
        out.writeMapEnd();
    }

    @Override
    Object read(Decoder in) throws IOException {
        return Collections.unmodifiableMap(read(in, false));
    }

    @Override
    Object readGeneric(Decoder in) throws IOException {
        return read(in, true);
    }

    private Map<String, Object> read(Decoder in, boolean generic) throws IOException {
        Map<String, Object> entries = new LinkedHashMap<>();
        long count = in.readMapStart();
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                String key = in.readString();
                try {
                    entries.put(key, generic ? value.readGeneric(in) : value.read(in));
                } catch (IOException | RuntimeException e) {
                    throw FieldFailure.wrap(e).atKey(key);
                }
            }
            count = in.mapNext();
        }
        return entries;
    }
}
