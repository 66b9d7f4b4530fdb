package org.openedx.events.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openedx.events.EventBusException;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.GroupInfo;
import org.openedx.events.bus.spi.GroupMove;
import org.openedx.events.bus.spi.GroupTarget;
import org.openedx.events.bus.spi.StoredMessage;
import org.openedx.events.bus.spi.TopicInfo;
import org.openedx.events.kafka.KafkaSettings;
import org.openedx.events.kafka.SchemaRegistryClient;
import org.openedx.events.settings.Secrets;

/**
 * Topic and group operations through kafka-clients' admin client, a consumer without a group
 * that reads records where they are, and a producer for sending dead letters back. Kafka moves
 * only a group without members (its consumers stopped), and removes records only from the start
 * of a partition ({@code DeleteRecords}): a dead letter goes only with every older one of its
 * partition.
 */
public final class KafkaAdmin implements BusAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaSettings settings;
    private final Admin admin;
    private Consumer<byte[], byte[]> reader;
    private Producer<byte[], byte[]> producer;
    private RecordDecoder decoder;

    public KafkaAdmin(KafkaSettings settings) {
        this.settings = settings;
        try {
            this.admin = Admin.create(ClientConfigs.admin(settings));
        } catch (RuntimeException e) {
            throw ClientConfigs.invalid("admin client", settings, false, e);
        }
    }

    @Override
    public boolean topicExists(String fullTopic) {
        return await("list the topics", admin.listTopics().names()).contains(fullTopic);
    }

    @Override
    public boolean deleteGroup(String fullTopic, String group) {
        try {
            await("delete group '" + group + "'", admin.deleteConsumerGroups(List.of(group)).all());
            return true;
        } catch (EventBusException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<TopicInfo> topics(String prefix) {
        List<String> names = await("list the topics", admin.listTopics().names()).stream()
                .filter(name -> name.startsWith(prefix)).sorted().toList();
        if (names.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> start = offsets(partitions(names), OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(start.keySet(), OffsetSpec.latest());
        List<TopicInfo> topics = new ArrayList<>();
        for (String name : names) {
            Map<TopicPartition, Long> first = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            Map<TopicPartition, Long> last = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            long messages = 0;
            for (Map.Entry<TopicPartition, Long> partition : start.entrySet()) {
                long held = end.get(partition.getKey()) - partition.getValue();
                if (partition.getKey().topic().equals(name) && held > 0) {
                    messages += held;
                    first.put(partition.getKey(), partition.getValue());
                    last.put(partition.getKey(), end.get(partition.getKey()) - 1);
                }
            }
            topics.add(new TopicInfo(name, messages, first.isEmpty() ? null : positions(first),
                    last.isEmpty() ? null : positions(last)));
        }
        return topics;
    }

    /** Consumer groups with committed offsets on the topic; the lag counts what is after them (or all, where none). */
    @Override
    public List<GroupInfo> groups(String fullTopic) {
        Set<TopicPartition> partitions = partitions(List.of(fullTopic));
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<String, Map<TopicPartition, Long>> committed = committed(fullTopic, partitions);
        if (committed.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<String, ConsumerGroupDescription> described = await("describe the consumer groups",
                admin.describeConsumerGroups(committed.keySet()).all());
        List<GroupInfo> groups = new ArrayList<>();
        for (Map.Entry<String, Map<TopicPartition, Long>> group : new TreeMap<>(committed).entrySet()) {
            long lag = 0;
            for (TopicPartition partition : partitions) {
                long position = Math.max(start.get(partition), group.getValue().getOrDefault(partition, start.get(partition)));
                lag += Math.max(0, end.get(partition) - position);
            }
            ConsumerGroupDescription description = described.get(group.getKey());
            List<String> members = description == null ? List.of() : description.members().stream()
                    .map(member -> member.consumerId()).sorted().toList();
            Map<TopicPartition, Long> sorted = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            sorted.putAll(group.getValue());
            groups.add(new GroupInfo(group.getKey(), positions(sorted), OptionalLong.of(lag), OptionalLong.empty(),
                    members, null));
        }
        return groups;
    }

    /** The committed offsets on the topic's partitions, by group, of the groups that have some. */
    private Map<String, Map<TopicPartition, Long>> committed(String fullTopic, Set<TopicPartition> partitions) {
        Collection<GroupListing> listings = await("list the consumer groups",
                admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        if (listings.isEmpty()) {
            return Map.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        listings.forEach(listing -> specs.put(listing.groupId(),
                new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = await("read the groups' offsets of " + fullTopic,
                admin.listConsumerGroupOffsets(specs).all());
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        all.forEach((group, offsets) -> {
            Map<TopicPartition, Long> known = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    known.put(partition, offset.offset());
                }
            });
            if (!known.isEmpty()) {
                committed.put(group, known);
            }
        });
        return committed;
    }

    @Override
    public List<StoredMessage> read(String fullTopic, int limit) {
        List<ConsumerRecord<byte[], byte[]>> records = records(fullTopic, limit);
        List<StoredMessage> messages = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            messages.add(stored(record));
        }
        return messages;
    }

    /** Up to {@code limit} records of the topic, from the start of each partition to its end, oldest first. */
    private List<ConsumerRecord<byte[], byte[]>> records(String fullTopic, int limit) {
        Set<TopicPartition> partitions = partitions(List.of(fullTopic));
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Consumer<byte[], byte[]> consumer = reader();
        List<TopicPartition> left = partitions.stream().filter(p -> end.get(p) > start.get(p)).toList();
        consumer.assign(left);
        left.forEach(partition -> consumer.seek(partition, start.get(partition)));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<TopicPartition, Long> reached = new HashMap<>(start);
        while (left.stream().anyMatch(p -> reached.get(p) < end.get(p)) && records.size() < limit) {
            if (System.nanoTime() - deadline > 0) {
                throw new EventBusException("Cannot read topic '" + fullTopic + "' on Kafka: no records in "
                        + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                reached.put(partition, record.offset() + 1);
                if (record.offset() < end.get(partition)) {
                    records.add(record);
                }
            }
        }
        consumer.unsubscribe();
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        return records.size() > limit ? records.subList(0, limit) : records;
    }

    private StoredMessage stored(ConsumerRecord<byte[], byte[]> record) {
        DeadLetter letter = RecordDecoder.letter(record).orElse(null);
        DecodeResult decoded;
        try {
            decoded = decoder().decode(record);
        } catch (RuntimeException e) {
            decoded = new DecodeResult.Undecodable(e);
        }
        return new StoredMessage(record.partition() + ":" + record.offset(), Instant.ofEpochMilli(record.timestamp()),
                header(record, "ce_type"), header(record, "ce_id"), record.value(), letter, decoded);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Produces the record's key, value and headers, without the letter's headers, and waits for the broker. */
    @Override
    public String redrive(String deadLetterTopic, StoredMessage letter, String fullTopic) {
        ConsumerRecord<byte[], byte[]> record = record(deadLetterTopic, letter.position());
        Set<String> attributes = RecordDecoder.letter(record).map(found -> found.attributes().keySet())
                .orElse(Set.of());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!attributes.contains(header.key())) {
                headers.add(header);
            }
        }
        RecordMetadata written = await("send a dead letter back to " + fullTopic,
                producer().send(new ProducerRecord<>(fullTopic, null, record.key(), record.value(), headers)));
        return written.partition() + ":" + written.offset();
    }

    private ConsumerRecord<byte[], byte[]> record(String fullTopic, String position) {
        Map<TopicPartition, Long> at = parse(fullTopic, position);
        Map.Entry<TopicPartition, Long> wanted = at.entrySet().iterator().next();
        Consumer<byte[], byte[]> consumer = reader();
        consumer.assign(List.of(wanted.getKey()));
        consumer.seek(wanted.getKey(), wanted.getValue());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() == wanted.getValue()) {
                        return record;
                    }
                    if (record.offset() > wanted.getValue()) {
                        throw new IllegalStateException("The record at " + position + " of " + fullTopic + " is gone");
                    }
                }
            }
            throw new EventBusException("Cannot read the record at " + position + " of " + fullTopic + " in "
                    + TIMEOUT.toSeconds() + " s");
        } finally {
            consumer.unsubscribe();
        }
    }

    /** Each partition's chosen records must be all of its records up to the newest chosen one. */
    @Override
    public void checkRemovable(String fullTopic, Collection<StoredMessage> messages) {
        Map<TopicPartition, Long> upTo = removalBounds(fullTopic, messages);
        Set<String> chosen = messages.stream().map(StoredMessage::position).collect(Collectors.toSet());
        for (ConsumerRecord<byte[], byte[]> record : records(fullTopic, Integer.MAX_VALUE)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            String position = record.partition() + ":" + record.offset();
            if (upTo.containsKey(partition) && record.offset() < upTo.get(partition) && !chosen.contains(position)) {
                throw new IllegalArgumentException("Kafka removes records only from the start of a partition: the "
                        + "record at " + position + " of " + fullTopic + " (event id " + header(record, "ce_id")
                        + ") is older than one to remove and would go too; take it as well (e.g. --all)");
            }
        }
    }

    /** {@code DeleteRecords} up to and including the newest chosen record of each partition. */
    @Override
    public void remove(String fullTopic, Collection<StoredMessage> messages) {
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        removalBounds(fullTopic, messages).forEach((partition, before) ->
                delete.put(partition, RecordsToDelete.beforeOffset(before)));
        await("remove records of " + fullTopic, admin.deleteRecords(delete).all());
    }

    private static Map<TopicPartition, Long> removalBounds(String fullTopic, Collection<StoredMessage> messages) {
        Map<TopicPartition, Long> upTo = new HashMap<>();
        for (StoredMessage message : messages) {
            parse(fullTopic, message.position()).forEach((partition, offset) -> upTo.merge(partition, offset + 1,
                    Math::max));
        }
        return upTo;
    }

    /** Commits the group's new offsets, when it has no members. */
    @Override
    public GroupMove moveGroup(String fullTopic, String group, GroupTarget target) {
        ConsumerGroupDescription description = await("describe group '" + group + "'",
                admin.describeConsumerGroups(List.of(group)).all()).get(group);
        if (description != null && !description.members().isEmpty()) {
            throw new IllegalStateException("Group '" + group + "' has " + description.members().size()
                    + " running consumer(s); Kafka moves a group only while it has none: stop them first");
        }
        Set<TopicPartition> partitions = partitions(List.of(fullTopic));
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> old = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        old.putAll(committed(fullTopic, partitions).getOrDefault(group, Map.of()));
        Map<TopicPartition, Long> moved = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        if (target instanceof GroupTarget.ToEnd) {
            moved.putAll(end);
        } else if (target instanceof GroupTarget.FromTime from) {
            Map<TopicPartition, Long> at = offsets(partitions, OffsetSpec.forTimestamp(from.time().toEpochMilli()));
            at.forEach((partition, offset) -> moved.put(partition, offset < 0 ? end.get(partition) : offset));
        } else {
            String position = ((GroupTarget.FromPosition) target).position();
            Map<TopicPartition, Long> wanted = position.contains(":") ? parse(fullTopic, position)
                    : partitions.stream().collect(Collectors.toMap(p -> p, p -> parseOffset(position)));
            for (Map.Entry<TopicPartition, Long> partition : wanted.entrySet()) {
                Long first = start.get(partition.getKey());
                if (first == null || partition.getValue() < first || partition.getValue() > end.get(partition.getKey())) {
                    throw new IllegalArgumentException("Position " + partition.getKey().partition() + ":"
                            + partition.getValue() + " is out of range: " + (first == null ? "topic '" + fullTopic
                            + "' has no partition " + partition.getKey().partition() : "partition "
                            + partition.getKey().partition() + " of " + fullTopic + " holds offsets " + first + " to "
                            + (end.get(partition.getKey()) - 1)));
                }
            }
            moved.putAll(old);
            moved.putAll(wanted);
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        moved.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        await("move group '" + group + "'", admin.alterConsumerGroupOffsets(group, commit).all());
        long toHandle = 0;
        for (TopicPartition partition : partitions) {
            toHandle += end.get(partition) - moved.getOrDefault(partition, start.get(partition));
        }
        return new GroupMove(old.isEmpty() ? null : positions(old), positions(moved), toHandle);
    }

    /** The cluster's brokers, then the schema registry. */
    @Override
    public List<String> reach() {
        int brokers = await("reach the brokers at " + settings.bootstrapServers() + " (EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS)",
                admin.describeCluster().nodes()).size();
        List<String> reached = new ArrayList<>();
        reached.add("Kafka at " + settings.bootstrapServers() + " (" + brokers + " broker(s); "
                + "EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS)");
        SchemaRegistryClient.create(settings).check();
        reached.add("schema registry at " + Secrets.maskUrlPasswords(settings.schemaRegistryUrl())
                + " (EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL)");
        return reached;
    }

    private static long parseOffset(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Position '" + text + "' is not a Kafka position (partition:offset, "
                    + "or an offset for every partition)");
        }
    }

    /** {@code partition:offset[,partition:offset...]}. */
    private static Map<TopicPartition, Long> parse(String fullTopic, String position) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (String part : position.split(",")) {
            int colon = part.indexOf(':');
            try {
                offsets.put(new TopicPartition(fullTopic, Integer.parseInt(part.substring(0, colon).trim())),
                        Long.parseLong(part.substring(colon + 1).trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Position '" + position + "' is not a Kafka position "
                        + "(partition:offset, or an offset for every partition)");
            }
        }
        return offsets;
    }

    private static String positions(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().map(e -> e.getKey().partition() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private Set<TopicPartition> partitions(Collection<String> topics) {
        return await("describe the topics", admin.describeTopics(topics).allTopicNames()).values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(info -> new TopicPartition(description.name(), info.partition())))
                .collect(Collectors.toSet());
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = await("read the offsets",
                admin.listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private Consumer<byte[], byte[]> reader() {
        if (reader == null) {
            try {
                reader = new KafkaConsumer<>(ClientConfigs.consumer(settings, null, "earliest"));
            } catch (RuntimeException e) {
                throw ClientConfigs.invalid("reader", settings, false, e);
            }
        }
        return reader;
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            try {
                producer = new KafkaProducer<>(ClientConfigs.producer(settings));
            } catch (RuntimeException e) {
                throw ClientConfigs.invalid("producer", settings, true, e);
            }
        }
        return producer;
    }

    private RecordDecoder decoder() {
        if (decoder == null) {
            decoder = new RecordDecoder(new RecordDecoder.WriterSchemas(AvroEventSerializer.defaults(),
                    SchemaRegistryClient.create(settings)));
        }
        return decoder;
    }

    private static <T> T await(String what, java.util.concurrent.Future<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventBusException("Cannot " + what + " on Kafka: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventBusException("Cannot " + what + " on Kafka: no answer in " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventBusException("Interrupted while waiting to " + what + " on Kafka", e);
        }
    }

    private static <T> T await(String what, KafkaFuture<T> future) {
        return await(what, future.toCompletionStage().toCompletableFuture());
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(TIMEOUT));
        }
        if (producer != null) {
            producer.close(TIMEOUT);
        }
        admin.close(TIMEOUT);
    }
}
