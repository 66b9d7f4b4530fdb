package org.openedx.events.kafka.internal;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.WakeupException;
import org.openedx.events.EventBusException;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.InboundBatch;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.kafka.KafkaSettings;
import org.openedx.events.kafka.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one topic for one consumer group (upstream's {@code KafkaEventConsumer}): a thin
 * facade over its parts, as kafka-clients' {@code KafkaConsumer} over its delegate. The
 * {@link Fetcher} polls and decodes ahead, the {@link OffsetTracker} commits what the pipeline
 * is done with, the {@link Rebalance} listener keeps that right when partitions move (with the
 * {@link OffsetTimeReset} of {@code offset_time}), and {@link DeadLetters} writes what the
 * pipeline gives up on. This class owns the client: it translates the client's failures,
 * keeps the consumer in its group while the pipeline works, and runs upstream's reset-only mode.
 */
public final class KafkaConsumerTransport implements ConsumerTransport {

    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.kafka.consumer");
    /** How often the pipeline keeps the consumer in its group while it handles a batch or waits. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final long HEARTBEAT_NANOS = HEARTBEAT.toNanos();
    private static final long RESET_LOG_NANOS = 30_000_000_000L;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaSettings settings;
    private final String group;
    private final String fullTopic;
    private final ConsumerOptions options;
    private final RecordDecoder.WriterSchemas schemas;
    private final DeadLetters deadLetters;
    private final Fetcher.Poll poller = this::poll;
    private volatile Consumer<byte[], byte[]> client;
    private volatile boolean stopping;

    // The consumer's thread only.
    private OffsetTracker offsets;
    private Fetcher fetcher;
    private Rebalance rebalance;
    private long lastPoll;
    private long lastResetLog;

    /**
     * Checks that the schema registry answers, unless the consumer only resets offsets (then it
     * decodes nothing); the client is created as the consumer connects.
     *
     * @throws org.openedx.events.kafka.SchemaRegistryException naming the registry URL when it
     *                                                          cannot be reached or refuses the credentials
     */
    public KafkaConsumerTransport(KafkaSettings settings, String group, String fullTopic, ConsumerOptions options,
                                  AvroEventSerializer serializer) {
        this.settings = settings;
        this.group = group;
        this.fullTopic = fullTopic;
        this.options = options;
        SchemaRegistryClient registry = SchemaRegistryClient.create(settings);
        if (!options.resetOnly()) {
            registry.check();
        }
        this.schemas = new RecordDecoder.WriterSchemas(serializer, registry);
        this.deadLetters = new DeadLetters(settings);
    }

    /**
     * The records after this consumer's position in its assigned partitions, as the client last
     * learned them from its fetches (no request to the broker); empty while it has no partitions
     * or does not know the lag of one of them yet.
     */
    @Override
    public OptionalLong lag() {
        Consumer<byte[], byte[]> current = client;
        if (current == null) {
            return OptionalLong.empty();
        }
        Set<TopicPartition> assigned = current.assignment();
        if (assigned.isEmpty()) {
            return OptionalLong.empty();
        }
        long total = 0;
        for (TopicPartition partition : assigned) {
            OptionalLong lag = current.currentLag(partition);
            if (lag.isEmpty()) {
                return OptionalLong.empty();
            }
            total += lag.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** Kafka names clients ({@code client.id}) but not the members of a group in this bus. */
    @Override
    public String consumerName() {
        return null;
    }

    /**
     * Creates the client and subscribes, once; the client reconnects by itself after that.
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming the setting whose property Kafka refused
     */
    @Override
    public void connect() {
        if (client != null) {
            return;
        }
        Consumer<byte[], byte[]> created;
        try {
            created = new KafkaConsumer<>(ClientConfigs.consumer(settings, group, options.autoOffsetReset()));
        } catch (RuntimeException e) {
            throw ClientConfigs.invalid("consumer", settings, false, e);
        }
        offsets = new OffsetTracker(created, fullTopic, group, options.commitMetadata(), LOG);
        fetcher = new Fetcher(fullTopic, settings.pollTimeout(), schemas, offsets);
        rebalance = new Rebalance(created, group, options, fetcher, offsets, LOG);
        try {
            created.subscribe(List.of(fullTopic), rebalance);
        } catch (RuntimeException e) {
            created.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        client = created;
        if (stopping) {
            created.wakeup(); // stopped while connecting: the first poll returns at once
        }
    }

    /**
     * The next batch, decoded ahead; in reset-only mode, nothing ever: the offsets move as
     * partitions are assigned (which polls make happen), and the partitions stay paused.
     */
    @Override
    public InboundBatch fetch() {
        if (options.resetOnly()) {
            long now = System.nanoTime();
            if (lastResetLog == 0 || now - lastResetLog >= RESET_LOG_NANOS) {
                LOG.info("Offsets are being reset. Sleeping instead of consuming events.");
                lastResetLog = now;
            }
            poll(settings.pollTimeout());
            return InboundBatch.EMPTY;
        }
        return fetcher.fetch(poller);
    }

    /**
     * One poll: a wake-up gives nothing; failures the client cannot get over end the consumer,
     * others are the pipeline's to wait out.
     */
    private ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = client.poll(timeout);
        } catch (WakeupException e) {
            records = ConsumerRecords.empty();
        } catch (InvalidConfigurationException | FencedInstanceIdException | InterruptException e) {
            throw fatal(e);
        } catch (KafkaException e) {
            throw new TransportException("Cannot poll topic '" + fullTopic + "' for group '" + group + "': " + e, e);
        } finally {
            lastPoll = System.nanoTime();
        }
        rebalance.throwIfFailed();
        return records;
    }

    private EventBusException fatal(KafkaException e) {
        return new EventBusException("Fatal error in the Kafka consumer of topic '" + fullTopic + "', group '" + group
                + "': " + e, e);
    }

    /** Commits what the pipeline is done with, without waiting. */
    @Override
    public void commit() {
        if (offsets == null) {
            return;
        }
        try {
            offsets.commitAsync();
        } catch (FencedInstanceIdException | InterruptException e) {
            throw fatal(e);
        } catch (KafkaException e) {
            throw new TransportException("Cannot commit the offsets of group '" + group + "': " + e, e);
        }
    }

    /**
     * Copies the message to the dead-letter topic and waits for the broker to have it, keeping
     * the consumer in its group meanwhile; gives the wait up when the consumer stops or the
     * message's partition is taken away.
     */
    @Override
    public String deadLetter(InboundBatch batch, int index, DeadLetter letter) {
        KafkaBatch kafkaBatch = (KafkaBatch) batch;
        return deadLetters.write(kafkaBatch.record(index), letter, () -> {
            if (stopping || !kafkaBatch.owned(index)) {
                return true;
            }
            if (System.nanoTime() - lastPoll >= HEARTBEAT_NANOS) {
                heartbeat();
            }
            return false;
        });
    }

    @Override
    public Duration heartbeatInterval() {
        return HEARTBEAT;
    }

    /**
     * Polls with every partition paused, so that a slow batch neither exceeds
     * {@code max.poll.interval.ms} nor holds up a rebalance. A rebalance during the poll is seen
     * by the batches in hand (records of revoked partitions are no longer owned); records of
     * partitions assigned during the poll, which were not paused, are handed back.
     */
    @Override
    public void heartbeat() {
        if (client == null) {
            return;
        }
        if (options.resetOnly()) {
            poll(Duration.ZERO); // its partitions are paused for good
            return;
        }
        client.pause(client.assignment());
        try {
            ConsumerRecords<byte[], byte[]> unexpected = poll(Duration.ZERO);
            for (TopicPartition partition : unexpected.partitions()) {
                client.seek(partition, unexpected.records(partition).get(0).offset());
            }
        } finally {
            client.resume(client.assignment());
        }
    }

    @Override
    public void stopping() {
        stopping = true;
        Consumer<byte[], byte[]> current = client;
        if (current != null) {
            current.wakeup();
        }
    }

    /** Commits what is done and waits for it, then closes the client. */
    @Override
    public void close() {
        Consumer<byte[], byte[]> current = client;
        try {
            if (current != null) {
                try {
                    offsets.commitSync(null);
                } finally {
                    client = null;
                    fetcher.close();
                    current.close(CloseOptions.timeout(CLOSE_TIMEOUT));
                }
            }
        } finally {
            deadLetters.close();
        }
    }
}
