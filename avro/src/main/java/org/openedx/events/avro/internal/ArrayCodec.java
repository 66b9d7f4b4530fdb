package org.openedx.events.avro.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * An Avro array, written as upstream does: one block with all items, then the terminator
 * (an empty list is the single byte {@code 00}). Items are never null. Reading accepts any
 * block layout.
 */
final class ArrayCodec extends Codec {

    private static final int MAX_PRESIZE = 64;

    private final Codec item;

    ArrayCodec(Codec item) {
        this.item = item;
    }

    @Override
    void write(Object value, Encoder out) throws IOException {
        write(value, out, false);
    }

    @Override
    void writeGeneric(Object value, Encoder out) throws IOException {
        write(value, out, true);
    }

    private void write(Object value, Encoder out, boolean generic) throws IOException {
        if (!(value instanceof Collection<?> items)) {
            throw wrongType("a list", value);
        }
        out.writeArrayStart();
        out.setItemCount(items.size());
        int index = 0;
        for (Object element : items) {
            try {
                if (element == null) {
                    throw FieldFailure.of("list items may not be null");
                }
                out.startItem();
                if (generic) {
                    item.writeGeneric(element, out);
                } else {
                    item.write(element, out);
                }
            } catch (IOException | RuntimeException e) {
                throw FieldFailure.wrap(e).atIndex(index);
            }
            index++;
        }
        if (index != items.size()) {
            throw FieldFailure.of("the list changed while it was written");
        }
        out.writeArrayEnd();
    }

    @Override
    Object read(Decoder in) throws IOException {
        return Collections.unmodifiableList(read(in, false));
    }

    @Override
    Object readGeneric(Decoder in) throws IOException {
        return read(in, true);
    }

    private List<Object> read(Decoder in, boolean generic) throws IOException {
        long count = in.readArrayStart();
        List<Object> items = new ArrayList<>((int) Math.min(Math.max(count, 0), MAX_PRESIZE));
        int index = 0;
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                try {
                    items.add(generic ? item.readGeneric(in) : item.read(in));
                } catch (IOException | RuntimeException e) {
                    throw FieldFailure.wrap(e).atIndex(index);
                }
                index++;
            }
            count = in.arrayNext();
        }
        return items;
    }
}
