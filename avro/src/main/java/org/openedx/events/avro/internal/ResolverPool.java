package org.openedx.events.avro.internal;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.openedx.events.avro.AvroSerializationException;

/**
 * Schema resolution from one writer schema to an event's schema. Building a resolver is
 * costly (it compiles a grammar), so a few are kept and re-pointed at each message's bytes.
 */
final class ResolverPool {

    private final Schema writer;
    private final Schema reader;
    private final boolean identical;
    private final ArrayBlockingQueue<ResolvingDecoder> idle = new ArrayBlockingQueue<>(8);

    private ResolverPool(Schema writer, Schema reader, boolean identical) {
        this.writer = writer;
        this.reader = reader;
        this.identical = identical;
    }

    /**
     * @throws AvroSerializationException when the reader cannot read what the writer wrote
     */
    static ResolverPool create(String eventType, Schema writer, Schema reader) {
        if (writer.equals(reader)) {
            return new ResolverPool(writer, reader, true);
        }
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String problems = result.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; "));
            throw new AvroSerializationException(eventType, "", "Cannot deserialize data of event " + eventType
                    + ": the writer schema cannot be resolved to the event's schema: " + problems, null);
        }
        return new ResolverPool(writer, reader, false);
    }

    /** Whether the writer schema equals the reader's, so no resolution is needed. */
    boolean identical() {
        return identical;
    }

    ResolvingDecoder acquire(BinaryDecoder in) throws IOException {
        ResolvingDecoder decoder = idle.poll();
        if (decoder != null) {
            decoder.configure(in);
            return decoder;
        }
        return DecoderFactory.get().resolvingDecoder(writer, reader, in);
    }

    /** Returns a decoder that finished a message cleanly; one that failed is dropped. */
    void release(ResolvingDecoder decoder) {
        idle.offer(decoder);
    }
}
