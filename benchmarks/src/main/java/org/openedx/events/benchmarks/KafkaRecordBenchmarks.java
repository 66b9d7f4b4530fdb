package org.openedx.events.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.kafka.internal.CloudEventHeaders;
import org.openedx.events.kafka.internal.ConfluentFraming;
import org.openedx.events.wire.EventKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Kafka backend's own work per event, without a broker: what the producer builds for a
 * login event (headers, framed value, framed key from the key the pipeline found) and what the
 * consumer does with a message (read the headers, decode the value, emit to a receiver). Scores
 * are nanoseconds per operation on one thread; the rest of a send or a poll is kafka-clients' work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KafkaRecordBenchmarks {

    private static final int POOL = 1024;
    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();
    private final CloudEventHeaders headers = new CloudEventHeaders();
    private final CloudEventHeaders.Reader reader = new CloudEventHeaders.Reader();
    private final AvroEventSerializer.Reader values = avro.reader();
    private final EventKeys.Path keyPath = EventKeys.path("user.pii.username");
    private final EventData[] data = new EventData[POOL];
    private final EventsMetadata[] metadata = new EventsMetadata[POOL];
    private final byte[][][] headerKeys = new byte[POOL][][];
    private final byte[][][] headerValues = new byte[POOL][][];
    private final byte[][] framedValues = new byte[POOL][];
    private int next;

    @Setup
    public void setUp() {
        LOGIN.connect(event -> { });
        for (int i = 0; i < POOL; i++) {
            data[i] = EventData.of("user", new UserData(i, true, new UserPersonalData(String.format("user%06d", i),
                    String.format("user%06d@example.com", i), String.format("User %06d", i))));
            metadata[i] = LOGIN.generateSignalMetadata(null);
            Header[] written = headers.of(metadata[i]).toArray();
            headerKeys[i] = new byte[written.length][];
            headerValues[i] = new byte[written.length][];
            for (int h = 0; h < written.length; h++) {
                headerKeys[i][h] = written[h].key().getBytes(StandardCharsets.UTF_8);
                headerValues[i][h] = written[h].value();
            }
            framedValues[i] = ConfluentFraming.frame(1, avro.serialize(LOGIN, data[i]));
        }
    }

    private int next() {
        next = (next + 1) & (POOL - 1);
        return next;
    }

    @Benchmark
    public Headers produceHeaders() {
        return headers.of(metadata[next()]);
    }

    @Benchmark
    public byte[] produceValue() {
        return ConfluentFraming.frame(1, avro.serialize(LOGIN, data[next()]));
    }

    /** The key as a send makes it: the pipeline finds its value once, the producer encodes and frames it. */
    @Benchmark
    public byte[] produceKey() {
        return ConfluentFraming.frame(2, avro.serializeKeyValue(LOGIN, "user.pii.username",
                keyPath.extract(data[next()])));
    }

    /** Headers as the consumer gets them: key and value as slices of the fetched bytes, read on demand. */
    private Headers fetchedHeaders(int i) {
        Header[] fetched = new Header[headerKeys[i].length];
        for (int h = 0; h < fetched.length; h++) {
            fetched[h] = new RecordHeader(ByteBuffer.wrap(headerKeys[i][h]), ByteBuffer.wrap(headerValues[i][h]));
        }
        return new RecordHeaders(fetched);
    }

    /** What reading any header costs: its name and its value out of the fetched bytes. */
    @Benchmark
    public int consumeHeadersUnavoidable() {
        int length = 0;
        for (Header header : fetchedHeaders(next())) {
            length += header.key().length() + header.value().length;
        }
        return length;
    }

    @Benchmark
    public Headers consumeHeadersNone() {
        return fetchedHeaders(next());
    }

    @Benchmark
    public EventsMetadata consumeHeaders() {
        return reader.read(fetchedHeaders(next()));
    }

    private EventData value(byte[] framed) {
        ConfluentFraming.schemaId(framed);
        return values.deserialize(LOGIN, framed, ConfluentFraming.HEADER_LENGTH,
                framed.length - ConfluentFraming.HEADER_LENGTH, avro.schema(LOGIN));
    }

    @Benchmark
    public EventData consumeValue() {
        return value(framedValues[next()]);
    }

    /** As the pipeline emits a decoded event: with the producer's metadata, to this process's receivers. */
    @Benchmark
    public void consumeAndEmit() {
        int i = next();
        EventsMetadata read = reader.read(fetchedHeaders(i));
        reader.signal().sendEventWithCustomMetadata(read, value(framedValues[i]));
    }
}
