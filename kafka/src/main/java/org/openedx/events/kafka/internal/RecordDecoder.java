package org.openedx.events.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.avro.AvroSchemas;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.kafka.SchemaRegistryClient;
import org.openedx.events.kafka.SchemaRegistryException;

/**
 * Decodes Kafka messages on one thread: the signal from {@code ce_type}, the metadata from the
 * other headers, the writer schema from the registry by the value's schema id, then the value.
 * A registry that does not answer makes a message {@link DecodeResult.NotYetDecodable} (nothing
 * failed is cached, so decoding it again asks the registry again); anything else that fails
 * makes it {@link DecodeResult.Undecodable}.
 */
final class RecordDecoder {

    private final WriterSchemas schemas;
    private final CloudEventHeaders.Reader headers = new CloudEventHeaders.Reader();
    private final AvroEventSerializer.Reader values;
    /** The last schema id read and its schema: a topic's messages mostly share one. */
    private int lastId = -1;
    private Schema lastWriter;

    RecordDecoder(WriterSchemas schemas) {
        this.schemas = schemas;
        this.values = schemas.serializer.reader();
    }

    DecodeResult decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            EventsMetadata metadata = headers.read(record.headers());
            OpenEdxPublicSignal signal = headers.signal();
            byte[] value = record.value();
            int id = ConfluentFraming.schemaId(value);
            Schema writer = id == lastId ? lastWriter : null;
            if (writer == null) {
                writer = schemas.of(id, signal);
                lastId = id;
                lastWriter = writer;
            }
            EventData data = values.deserialize(signal, value, ConfluentFraming.HEADER_LENGTH,
                    value.length - ConfluentFraming.HEADER_LENGTH, writer);
            DecodeResult.Decoded decoded = new DecodeResult.Decoded(signal, metadata, data);
            return DeadLetter.isDeadLetterTopic(record.topic()) ? DecodeResult.withLetter(decoded, letter(record))
                    : decoded;
        } catch (SchemaRegistryException e) {
            return e.retriable() ? new DecodeResult.NotYetDecodable(e) : new DecodeResult.Undecodable(e);
        } catch (RuntimeException e) {
            return new DecodeResult.Undecodable(e);
        }
    }

    /** The dead letter's attributes a record carries as headers; empty for a record that is not one. */
    static Optional<DeadLetter> letter(ConsumerRecord<byte[], byte[]> record) {
        return DeadLetter.fromAttributes(name -> {
            Header header = record.headers().lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        });
    }

    /** The writer schemas of one consumer, shared by its decoders; thread-safe. */
    static final class WriterSchemas {
        private final AvroEventSerializer serializer;
        private final SchemaRegistryClient registry;
        private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
        /** One instance per distinct writer schema, so the serializer's resolvers are built once per schema. */
        private final Map<Schema, Schema> distinct = new ConcurrentHashMap<>();

        WriterSchemas(AvroEventSerializer serializer, SchemaRegistryClient registry) {
            this.serializer = serializer;
            this.registry = registry;
        }

        /**
         * The writer schema of an id, as the very instance the serializer keeps for the event when
         * it is equal (then no resolution is needed), or else one instance per consumer, since the
         * serializer finds its resolvers by schema and comparing two equal schemas is slow.
         *
         * @throws SchemaRegistryException when the registry does not answer or has no such schema
         */
        Schema of(int id, OpenEdxPublicSignal signal) {
            Schema known = byId.get(id);
            if (known != null) {
                return known;
            }
            Schema parsed = AvroSchemas.parse(registry.schema(id));
            Schema local = serializer.schema(signal);
            Schema writer = parsed.equals(local) ? local : distinct.computeIfAbsent(parsed, schema -> schema);
            byId.put(id, writer);
            return writer;
        }
    }
}
