package org.openedx.events.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.kafka.SchemaRegistryClient;
import org.openedx.events.kafka.SchemaRegistryException;
import org.slf4j.LoggerFactory;

/** A fetched batch without a broker: decoding ahead on two threads, registry outages, ownership and offsets. */
class KafkaBatchTest {

    private static final String TOPIC = "batch";
    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    private static final AvroEventSerializer AVRO = AvroEventSerializer.defaults();

    private final CloudEventHeaders headers = new CloudEventHeaders();
    private final AtomicInteger schemaRequests = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final MockConsumer<byte[], byte[]> client = new MockConsumer<>("earliest");
    private final OffsetTracker offsets = new OffsetTracker(client, TOPIC, "g", "", LoggerFactory.getLogger(
            KafkaBatchTest.class));
    private HttpServer registry;

    /** A registry holding the login schema as id 1, which answers 503 to the first {@link #refusals} requests. */
    private RecordDecoder.WriterSchemas schemas() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] schema = new ObjectMapper().writeValueAsBytes(Map.of("schema", AVRO.schemaString(LOGIN)));
        registry.createContext("/schemas/ids/1", exchange -> {
            try (exchange) {
                schemaRequests.incrementAndGet();
                if (refusals.getAndDecrement() > 0) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, schema.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(schema);
                }
            }
        });
        registry.start();
        return new RecordDecoder.WriterSchemas(AVRO, SchemaRegistryClient.create("http://127.0.0.1:"
                + registry.getAddress().getPort(), null, null));
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.stop(0);
        }
    }

    private ConsumerRecord<byte[], byte[]> login(int partition, long offset, long user, Headers recordHeaders) {
        EventData data = EventData.of("user", new UserData(user, true, new UserPersonalData("user" + user,
                "user" + user + "@example.com", "User")));
        Headers written = recordHeaders != null ? recordHeaders : headers.of(LOGIN.generateSignalMetadata(null));
        return new ConsumerRecord<>(TOPIC, partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0,
                ("user" + user).getBytes(StandardCharsets.UTF_8), ConfluentFraming.frame(1, AVRO.serialize(LOGIN, data)),
                written, Optional.of(3));
    }

    /** Partition 0 with {@code first} records (users 0...), partition 1 with {@code second} (users 1000...). */
    private ConsumerRecords<byte[], byte[]> polled(int first, int second) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        List<ConsumerRecord<byte[], byte[]>> zero = new ArrayList<>();
        for (int i = 0; i < first; i++) {
            zero.add(login(0, 100 + i, i, null));
        }
        List<ConsumerRecord<byte[], byte[]>> one = new ArrayList<>();
        for (int i = 0; i < second; i++) {
            one.add(login(1, i, 1000 + i, null));
        }
        records.put(new TopicPartition(TOPIC, 0), zero);
        records.put(new TopicPartition(TOPIC, 1), one);
        return new ConsumerRecords<>(records, Map.of());
    }

    private static long user(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).data().get("user", UserData.class).id();
    }

    @Test
    void recordsDecodedOnTwoThreadsComeInPartitionOrder() throws Exception {
        RecordDecoder.WriterSchemas schemas = schemas();
        KafkaBatch batch = new KafkaBatch(polled(300, 200), new RecordDecoder(schemas), offsets);
        Thread ahead = new Thread(() -> batch.decodeAll(new RecordDecoder(schemas)), "decoder");
        ahead.start();
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            users.add(user(batch.decode(i)));
        }
        ahead.join();
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            expected.add(i);
        }
        for (long i = 0; i < 200; i++) {
            expected.add(1000 + i);
        }
        assertThat(users).isEqualTo(expected);
        assertThat(schemaRequests).as("one registry request for the schema of both threads' records").hasValueLessThan(3);
        assertThat(batch.position(301)).isEqualTo("1:1");
        assertThat(batch.describe(0)).isEqualTo("partition=0, offset=100, key=b'user0'");
    }

    @Test
    void aRecordWhoseDecodingFailsInAnyWayStillGetsAnOutcome() throws Exception {
        RecordHeaders broken = new RecordHeaders() {
            @Override
            public Iterator<Header> iterator() {
                throw new AssertionError("broken headers");
            }
        };
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = Map.of(new TopicPartition(TOPIC, 0),
                List.of(login(0, 0, 0, null), login(0, 1, 1, broken), login(0, 2, 2, null)));
        RecordDecoder.WriterSchemas schemas = schemas();
        KafkaBatch batch = new KafkaBatch(new ConsumerRecords<>(records, Map.of()), new RecordDecoder(schemas), offsets);
        batch.decodeAll(new RecordDecoder(schemas));
        assertThat(user(batch.decode(0))).isZero();
        assertThat(batch.decode(1)).isInstanceOfSatisfying(DecodeResult.Undecodable.class, undecodable ->
                assertThat(undecodable.error()).hasMessageContaining("Cannot decode the message")
                        .hasMessageContaining("broken headers"));
        assertThat(user(batch.decode(2))).isEqualTo(2);
    }

    @Test
    void aRecordTheRegistryCannotDecodeYetIsDecodedAgainEachTimeItIsAskedFor() throws Exception {
        refusals.set(4);
        RecordDecoder.WriterSchemas schemas = schemas();
        KafkaBatch batch = new KafkaBatch(polled(3, 0), new RecordDecoder(schemas), offsets);
        batch.decodeAll(new RecordDecoder(schemas));
        assertThat(schemaRequests).hasValue(3);
        // Decoded ahead while the registry was away, then asked again while it still is.
        assertThat(batch.decode(0)).isInstanceOfSatisfying(DecodeResult.NotYetDecodable.class, notYet ->
                assertThat(notYet.error()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.status()).isEqualTo(503);
                }));
        assertThat(schemaRequests).hasValue(4);
        assertThat(user(batch.decode(0))).isZero();
        assertThat(schemaRequests).hasValue(5);
        // The records after it decode with the schema now known, without asking again.
        assertThat(user(batch.decode(1))).isEqualTo(1);
        assertThat(user(batch.decode(2))).isEqualTo(2);
        assertThat(schemaRequests).hasValue(5);
    }

    @Test
    void recordsOfRevokedPartitionsAreNotOwnedAndOnlyWhatIsDoneIsCommitted() throws Exception {
        KafkaBatch batch = new KafkaBatch(polled(5, 3), new RecordDecoder(schemas()), offsets);
        TopicPartition zero = new TopicPartition(TOPIC, 0);
        TopicPartition one = new TopicPartition(TOPIC, 1);
        client.assign(List.of(zero, one));
        for (int i = 0; i < 3; i++) {
            assertThat(batch.owned(i)).isTrue();
            batch.done(i);
        }
        batch.revoke(List.of(one));
        assertThat(batch.owned(3)).isTrue();
        assertThat(batch.owned(5)).isFalse();
        assertThat(batch.owned(7)).isFalse();
        offsets.commitAsync();
        assertThat(client.committed(Set.of(zero, one))).containsExactly(Map.entry(zero,
                new OffsetAndMetadata(103, Optional.of(3), "")));
        // Nothing new: nothing to commit; what a rebalance took away is forgotten.
        assertThat(offsets.commitSync(null)).isEmpty();
        batch.done(3);
        offsets.forget(List.of(zero));
        assertThat(offsets.commitSync(null)).isEmpty();
        batch.done(4);
        assertThat(offsets.commitSync(List.of(zero))).containsExactly(Map.entry(zero,
                new OffsetAndMetadata(105, Optional.of(3), "")));
    }
}
