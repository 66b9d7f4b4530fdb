package org.openedx.events.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.WakeupException;
import org.openedx.events.EventBusException;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.kafka.internal.ClientConfigs;
import org.openedx.events.kafka.internal.DeadLetters;
import org.openedx.events.kafka.internal.RecordHandler;
import org.openedx.events.wire.IsoDateTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one topic for one consumer group (upstream's {@code KafkaEventConsumer}) and
 * re-emits each event with its signal, found from the message's {@code ce_type} header.
 *
 * <ul>
 *   <li>A new group starts at the earliest retained message ({@code auto_offset_reset:
 *       latest} in {@code --extra} gives upstream's start at the end).</li>
 *   <li>Offsets are committed only for messages that are done with, in batches (every 50 ms
 *       while busy, at once when idle, and when the consumer stops), never past a message
 *       not yet handled: a consumer that dies leaves at most what it had in hand to be
 *       handled again.</li>
 *   <li>An event whose receivers fail is handled again up to
 *       {@code EVENT_BUS_KAFKA_CONSUMER_MAX_RETRIES} times with backoff, then copied to the
 *       dead-letter topic {@code <full_topic>-dead-letter} with the error in its headers; a
 *       message that cannot be decoded goes there at once. Consumption goes on, in order.</li>
 *   <li>When partitions are revoked (a rebalance), what was handled of them is committed and
 *       the rest of the batch in hand is left to their next owner.</li>
 *   <li>{@code offset_time} moves the group's offsets to a time as the consumer starts, then
 *       consumes; with {@code reset_only: true} it only moves them, as upstream.</li>
 * </ul>
 */
public final class KafkaEventConsumer implements EventBusConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventConsumer.class);
    private static final long COMMIT_INTERVAL_NANOS = 50_000_000L;
    private static final long KEEP_ALIVE_NANOS = 1_000_000_000L;
    private static final long RESET_LOG_NANOS = 30_000_000_000L;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaSettings settings;
    private final ConsumerSpec spec;
    private final KafkaConsumerOptions options;
    private final String fullTopic;
    private final String commitMetadata;
    private final ConsecutiveErrors errors;
    private final DeadLetters deadLetters;
    private final RecordHandler handler;
    private final Object wake = new Object();
    private volatile boolean stopped;
    private volatile Consumer<byte[], byte[]> consumer;

    // Used by the consuming thread only (the rebalance listener runs on it too).
    private final Map<TopicPartition, Progress> pending = new HashMap<>();
    /** The batches polled and not yet handled (at most two: one in hand, one decoded meanwhile). */
    private final List<Batch> inFlight = new ArrayList<>(2);
    private final Set<TopicPartition> reset = new HashSet<>();
    private EventBusException fatal;
    private long lastPoll;
    private long lastCommit;

    /**
     * Checks the options and that the schema registry answers; connects to Kafka only when
     * {@link #consumeIndefinitely()} runs.
     *
     * @throws org.openedx.events.bus.EventBusConfigurationException naming an {@code --extra} option that cannot be used
     * @throws SchemaRegistryException naming the registry URL when it cannot be reached or refuses the credentials
     */
    public KafkaEventConsumer(KafkaSettings settings, ConsumerSpec spec, AvroEventSerializer serializer) {
        this.settings = settings;
        this.spec = spec;
        this.options = KafkaConsumerOptions.from(spec.extra());
        this.fullTopic = settings.fullTopic(spec.topic());
        this.commitMetadata = options.offsetTime() == null || options.resetOnly() ? ""
                : "openedx-events offset_time=" + IsoDateTimes.format(options.offsetTime());
        SchemaRegistryClient registry = SchemaRegistryClient.create(settings);
        if (!options.resetOnly()) {
            registry.check();
        }
        this.errors = new ConsecutiveErrors(settings.consecutiveErrorsLimit(),
                "topic '" + fullTopic + "', group '" + spec.groupId() + "'");
        this.deadLetters = new DeadLetters(settings, spec.groupId());
        this.handler = new RecordHandler(settings, serializer, registry, spec.groupId(), deadLetters, errors);
    }

    @Override
    public void consumeIndefinitely() {
        if (!options.resetOnly() && !settings.consumersEnabled()) {
            LOG.error("Kafka consumers not enabled, exiting.");
            return;
        }
        Consumer<byte[], byte[]> created;
        try {
            created = new KafkaConsumer<>(ClientConfigs.consumer(settings, spec.groupId(), options.autoOffsetReset()));
        } catch (RuntimeException e) {
            throw ClientConfigs.invalid("consumer", settings, false, e);
        }
        consumer = created;
        try {
            if (stopped) {
                return;
            }
            created.subscribe(List.of(fullTopic), new Rebalance());
            LOG.info("Running consumer for {'full_topic': '{}', 'consumer_group': '{}'}", fullTopic, spec.groupId());
            if (options.resetOnly()) {
                waitWhileResetting();
            } else {
                consume();
            }
        } finally {
            try {
                commitSync(pending.keySet());
            } finally {
                consumer = null;
                created.close(CloseOptions.timeout(CLOSE_TIMEOUT));
                deadLetters.close();
                LOG.info("Stopped the consumer of topic {} for group {} ({} handled, {} dead-lettered)", fullTopic,
                        spec.groupId(), handler.handled(), handler.deadLettered());
            }
        }
    }

    /**
     * Polls and handles batches. The events of a batch are decoded on a thread of this consumer
     * while this one fetches the next batch, then handled here in order; when this thread gets
     * to events not yet decoded, it decodes some too. Fetching and decoding are each about half
     * of the work, so a consumer keeps two cores busy.
     */
    private void consume() {
        lastCommit = System.nanoTime();
        ExecutorService decoding = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-decoder-" + fullTopic);
            thread.setDaemon(true);
            return thread;
        });
        RecordHandler.Decoder decoder = handler.decoder();
        RecordHandler.Decoder helper = handler.decoder();
        try {
            Batch inHand = null;
            while (!stopped) {
                ConsumerRecords<byte[], byte[]> records = poll(inHand == null ? settings.pollTimeout() : Duration.ZERO);
                Batch next = null;
                if (records != null && !records.isEmpty()) {
                    Batch polled = new Batch(records, helper);
                    decoding.execute(() -> polled.decode(decoder));
                    next = polled;
                    inFlight.add(next);
                }
                if (inHand != null) {
                    handleBatch(inHand);
                    inFlight.remove(inHand);
                }
                inHand = next;
                if (!pending.isEmpty() && (inHand == null || System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS)) {
                    commitAsync();
                }
            }
        } finally {
            inFlight.clear();
            decoding.shutdownNow();
        }
    }

    /**
     * A polled batch: its records in the order they are handled, their events as either thread
     * decodes them (each takes the next record not yet taken), and what was revoked since the poll.
     */
    private static final class Batch {
        private static final int DECODED_TOGETHER = 16;
        final ConsumerRecords<byte[], byte[]> records;
        final Set<TopicPartition> revoked = new HashSet<>();
        private final List<ConsumerRecord<byte[], byte[]>> ordered = new ArrayList<>();
        private final AtomicReferenceArray<Object> decoded;
        private final AtomicInteger nextToDecode = new AtomicInteger();
        private final RecordHandler.Decoder helper;

        Batch(ConsumerRecords<byte[], byte[]> records, RecordHandler.Decoder helper) {
            this.records = records;
            this.helper = helper;
            for (TopicPartition partition : records.partitions()) {
                ordered.addAll(records.records(partition));
            }
            this.decoded = new AtomicReferenceArray<>(ordered.size());
        }

        /** Decodes records until none is left to take. */
        void decode(RecordHandler.Decoder decoder) {
            while (decodeSome(decoder)) {
                // each call takes the next few records
            }
        }

        /**
         * Takes the next few records and decodes them; false when none was left. A few at a time, so
         * the two threads neither contend for each record nor write next to each other's results.
         */
        private boolean decodeSome(RecordHandler.Decoder decoder) {
            if (nextToDecode.get() >= ordered.size()) {
                return false; // checked first, so that a long wait does not keep adding to the count
            }
            int start = nextToDecode.getAndAdd(DECODED_TOGETHER);
            int end = Math.min(start + DECODED_TOGETHER, ordered.size());
            for (int i = start; i < end; i++) {
                Object event;
                try {
                    event = decoder.decodeOrFailure(ordered.get(i));
                } catch (Throwable e) {
                    // Whatever it is, the record must get an outcome, or the handling thread would wait for it forever.
                    event = new EventBusException("Cannot decode the message: " + e, e);
                }
                decoded.set(i, event);
            }
            return start < end;
        }

        /** The event (or decoding failure) of the {@code index}th record, helping to decode while it is not ready. */
        Object event(int index) {
            Object event = decoded.get(index);
            for (int waits = 0; event == null; event = decoded.get(index)) {
                if (!decodeSome(helper)) {
                    // The decoding thread has it: usually done within microseconds, unless it waits on the
                    // registry for a new schema, which is no reason to keep a core busy.
                    if (waits++ < 100) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(100_000);
                    }
                }
            }
            return event;
        }
    }

    /** One poll; null after an error that was logged and waited out, or a wake-up. */
    private ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            return null;
        } catch (InvalidConfigurationException | FencedInstanceIdException
                 | InterruptException e) {
            throw new EventBusException("Fatal error in the Kafka consumer of topic '" + fullTopic + "', group '"
                    + spec.groupId() + "': " + e, e);
        } catch (KafkaException e) {
            LOG.error("Error consuming event from Kafka: {} in context full_topic='{}', consumer_group='{}' -- no event "
                    + "available", e, fullTopic, spec.groupId(), e);
            errors.error(e);
            await(settings.pollFailureSleep());
            return null;
        } finally {
            lastPoll = System.nanoTime();
        }
        if (fatal != null) {
            throw fatal;
        }
        return records;
    }

    private void handleBatch(Batch batch) {
        int start = 0;
        for (TopicPartition partition : batch.records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = batch.records.records(partition);
            RecordHandler.Pause pause = duration -> pause(duration, partition, batch);
            Progress progress = null;
            for (int i = 0; i < records.size() && !stopped && !batch.revoked.contains(partition); i++) {
                ConsumerRecord<byte[], byte[]> record = records.get(i);
                RecordHandler.Outcome outcome = handler.handle(record, batch.event(start + i), pause);
                if (outcome == RecordHandler.Outcome.ABANDONED) {
                    break;
                }
                if (progress == null) {
                    progress = pending.computeIfAbsent(partition, p -> new Progress());
                }
                progress.handled(record);
                if (outcome == RecordHandler.Outcome.HANDLED) {
                    errors.success();
                } else {
                    errors.error(handler.lastFailure());
                }
                if (System.nanoTime() - lastPoll >= KEEP_ALIVE_NANOS) {
                    keepAlive();
                }
            }
            if (stopped) {
                return;
            }
            start += records.size();
        }
    }

    /** The next offset to commit for a partition: after the last message done with. */
    private static final class Progress {
        private long next;
        private Optional<Integer> leaderEpoch = Optional.empty();

        void handled(ConsumerRecord<byte[], byte[]> record) {
            next = record.offset() + 1;
            leaderEpoch = record.leaderEpoch();
        }

        OffsetAndMetadata offset(String metadata) {
            return new OffsetAndMetadata(next, leaderEpoch, metadata);
        }

        /** Takes back an offset whose commit failed, unless a later one is pending. */
        void failedToCommit(OffsetAndMetadata offset) {
            if (offset.offset() > next) {
                next = offset.offset();
                leaderEpoch = offset.leaderEpoch();
            }
        }
    }

    /** Waits, keeping the group membership alive; false when the message in hand is to be abandoned. */
    private boolean pause(Duration duration, TopicPartition partition, Batch batch) {
        long end = System.nanoTime() + duration.toNanos();
        while (!stopped && !batch.revoked.contains(partition)) {
            if (System.nanoTime() - lastPoll >= KEEP_ALIVE_NANOS) {
                keepAlive();
                continue;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            await(Duration.ofNanos(Math.min(left, KEEP_ALIVE_NANOS)));
        }
        return false;
    }

    /**
     * Polls with every partition paused, so that a slow batch neither exceeds
     * {@code max.poll.interval.ms} nor holds up a rebalance. Revocations during the poll are
     * seen by the batches in hand through their {@link Batch#revoked}.
     */
    private void keepAlive() {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        try {
            ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(Duration.ZERO);
            // Partitions assigned during this poll were not paused: hand their records back.
            for (TopicPartition partition : unexpected.partitions()) {
                consumer.seek(partition, unexpected.records(partition).get(0).offset());
            }
        } catch (WakeupException e) {
            // stop(): the caller sees it
        } catch (KafkaException e) {
            LOG.warn("Polling to stay in the group of topic {} failed: {}", fullTopic, e.toString());
        } finally {
            lastPoll = System.nanoTime();
            consumer.resume(consumer.assignment());
        }
        if (fatal != null) {
            throw fatal;
        }
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(pending.keySet());
        pending.clear();
        lastCommit = System.nanoTime();
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error == null) {
                return;
            }
            LOG.warn("Could not commit offsets {} of group {}; trying again with the next commit: {}", committed,
                    spec.groupId(), error.toString());
            Set<TopicPartition> assigned = consumer.assignment();
            committed.forEach((partition, offset) -> {
                if (assigned.contains(partition)) {
                    pending.computeIfAbsent(partition, p -> new Progress()).failedToCommit(offset);
                }
            });
        });
    }

    /** Commits what was handled of these partitions and forgets it. */
    private void commitSync(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        pending.keySet().removeAll(offsets.keySet());
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                consumer.commitSync(offsets, COMMIT_TIMEOUT);
                lastCommit = System.nanoTime();
                return;
            } catch (WakeupException e) {
                // stop() woke the consumer: commit all the same
            } catch (KafkaException e) {
                LOG.warn("Could not commit offsets {} of group {}; those events may be handled again: {}", offsets,
                        spec.groupId(), e.toString());
                return;
            }
        }
    }

    /** The offsets to commit for what was handled of these partitions. */
    private Map<TopicPartition, OffsetAndMetadata> offsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Progress progress = pending.get(partition);
            if (progress != null) {
                offsets.put(partition, progress.offset(commitMetadata));
            }
        }
        return offsets;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            inFlight.forEach(batch -> batch.revoked.addAll(partitions));
            Map<TopicPartition, OffsetAndMetadata> handled = offsets(partitions);
            commitSync(partitions);
            if (!partitions.isEmpty()) {
                LOG.info("Partitions {} of group {} revoked; committed what was handled: {}", partitions,
                        spec.groupId(), handled);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            inFlight.forEach(batch -> batch.revoked.addAll(partitions));
            pending.keySet().removeAll(partitions);
            if (!partitions.isEmpty()) {
                LOG.warn("Lost partitions {} of group {} without a clean hand-over; their uncommitted events will be "
                        + "handled again by their next owner", partitions, spec.groupId());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (options.offsetTime() == null || partitions.isEmpty()) {
                return;
            }
            try {
                resetOffsets(partitions);
            } catch (RuntimeException e) {
                consumer.pause(partitions);
                fatal = new EventBusException("Error getting offsets for timestamps: cannot move the offsets of group '"
                        + spec.groupId() + "' on " + partitions + " to offset_time " + options.offsetTime() + ": " + e, e);
            }
            if (options.resetOnly()) {
                consumer.pause(partitions);
            }
        }
    }

    /**
     * Moves partitions to {@code offset_time}. Outside reset-only mode this happens once per
     * partition, group and time: the commits carry the time, so that a consumer restarted
     * with the same option, or another one of the group, goes on instead of replaying again.
     */
    private void resetOffsets(Collection<TopicPartition> partitions) {
        Set<TopicPartition> todo = new HashSet<>(partitions);
        if (!options.resetOnly()) {
            todo.removeAll(reset);
            if (todo.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(todo);
            todo.removeIf(partition -> Optional.ofNullable(committed.get(partition))
                    .map(offset -> commitMetadata.equals(offset.metadata())).orElse(false));
        }
        if (todo.isEmpty()) {
            return;
        }
        long millis = options.offsetTime().toInstant().toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        todo.forEach(partition -> query.put(partition, millis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(todo);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : todo) {
            OffsetAndTimestamp at = found.get(partition);
            long offset = at != null ? at.offset() : ends.get(partition);
            consumer.seek(partition, offset);
            offsets.put(partition, new OffsetAndMetadata(offset, commitMetadata));
        }
        consumer.commitSync(offsets, COMMIT_TIMEOUT);
        reset.addAll(todo);
        LOG.info("Found offsets for timestamp {}: {}", IsoDateTimes.format(options.offsetTime()), offsets);
    }

    /** Upstream's reset-only mode: the offsets move as partitions are assigned; nothing is consumed. */
    private void waitWhileResetting() {
        long lastLog = 0;
        while (!stopped) {
            if (System.nanoTime() - lastLog >= RESET_LOG_NANOS || lastLog == 0) {
                LOG.info("Offsets are being reset. Sleeping instead of consuming events.");
                lastLog = System.nanoTime();
            }
            poll(settings.pollTimeout());
        }
    }

    private void await(Duration duration) {
        long millis = Math.max(1, duration.toMillis());
        synchronized (wake) {
            if (stopped) {
                return;
            }
            try {
                wake.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** The full topic consumed: {@code <prefix>-<topic>}. */
    public String fullTopic() {
        return fullTopic;
    }

    /** Events every receiver handled. */
    public long handled() {
        return handler.handled();
    }

    /** Retries of events whose receivers failed. */
    public long retried() {
        return handler.retried();
    }

    /** Messages copied to the dead-letter topic. */
    public long deadLettered() {
        return handler.deadLettered();
    }
}
