package org.openedx.events.kafka.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft, broker and controller in one) in this JVM, from the
 * {@code kafka_2.13} artifact: storage formatted with {@link StorageTool}, then
 * {@link KafkaRaftServer}. Every listener is on 127.0.0.1. It can be stopped and started
 * again on the same ports and data, to test clients across a broker restart.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Map<String, String> config = new LinkedHashMap<>();
    private KafkaRaftServer server;

    private KafkaBroker(Path directory) {
        this.directory = directory;
        this.port = FreePorts.next();
        int controllerPort = FreePorts.next();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", directory.resolve("data").toString());
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "true");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "2");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("log.retention.check.interval.ms", "3600000");
    }

    /** Formats storage in a new temporary directory and starts the broker. */
    public static KafkaBroker start() {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("kafka-broker-"));
            broker.format();
            broker.startup();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() throws IOException {
        Path properties = directory.resolve("server.properties");
        Properties values = new Properties();
        values.putAll(config);
        try (var out = Files.newBufferedWriter(properties)) {
            values.store(out, "single-node test broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                properties.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Starts the broker (again); returns once it serves clients. */
    public synchronized void startup() {
        if (server != null) {
            return;
        }
        server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker, keeping its data and ports. */
    public synchronized void shutdown() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** An admin client (close it). */
    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    /**
     * Creates a topic with this many partitions and these topic configs, and waits until the
     * broker leads every partition: an idempotent producer that sent to a partition the broker
     * did not know yet was sometimes refused its retries (out of order sequence) until it timed out.
     */
    public void createTopic(String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
            await("leaders of " + topic).atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic))
                    .allTopicNames().get().get(topic).partitions().stream().allMatch(p -> p.leader() != null));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** A plain byte-array producer (close it). */
    public KafkaProducer<byte[], byte[]> rawProducer(Map<String, Object> more) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("bootstrap.servers", bootstrapServers(),
                "key.serializer", ByteArraySerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName()));
        properties.putAll(more);
        return new KafkaProducer<>(properties);
    }

    /** A plain byte-array consumer without a group (close it). */
    public KafkaConsumer<byte[], byte[]> rawConsumer(Map<String, Object> more) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("bootstrap.servers", bootstrapServers(),
                "key.deserializer", ByteArrayDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName(),
                "enable.auto.commit", "false", "auto.offset.reset", "earliest"));
        properties.putAll(more);
        return new KafkaConsumer<>(properties);
    }

    /**
     * Every record of a topic from its start, read without a group, once at least {@code count}
     * have arrived (or after {@code timeoutMillis}, with what arrived).
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, long timeoutMillis) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer(Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, java.time.Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (records.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** The number of records written to a topic so far (the sum of its partitions' end offsets). */
    public long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer(Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, java.time.Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The committed offset of each partition of the topic for the group (absent: none). */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        shutdown();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }

    /**
     * Runs a broker until this process's input closes, for load tests: prints
     * {@code bootstrap=127.0.0.1:<port>} when it is ready.
     */
    public static void main(String[] args) throws IOException {
        try (KafkaBroker broker = start()) {
            System.out.println("bootstrap=" + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the end of input
            }
        }
    }
}
