package org.openedx.events.kafka.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.openedx.events.wire.IsoDateTimes;
import org.slf4j.Logger;

/**
 * Moves partitions to {@code offset_time} as they are assigned: to the first message at or
 * after the time, or to the end when there is none. Outside reset-only mode this happens once
 * per partition, group and time: the commits carry the time ({@link ConsumerOptions#commitMetadata()}),
 * so that a consumer started again with the same option, or another one of the group, goes on
 * instead of replaying again. The consumer's thread only.
 */
final class OffsetTimeReset {

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> client;
    private final ConsumerOptions options;
    private final String commitMetadata;
    private final Logger log;
    /** The partitions this consumer already moved. */
    private final Set<TopicPartition> moved = new HashSet<>();

    OffsetTimeReset(Consumer<byte[], byte[]> client, ConsumerOptions options, Logger log) {
        this.client = client;
        this.options = options;
        this.commitMetadata = options.commitMetadata();
        this.log = log;
    }

    /**
     * Moves the partitions not moved yet and commits their new offsets.
     *
     * @throws RuntimeException when the offsets cannot be found or committed
     */
    void reset(Collection<TopicPartition> partitions) {
        Set<TopicPartition> todo = new HashSet<>(partitions);
        if (!options.resetOnly()) {
            todo.removeAll(moved);
            if (todo.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = client.committed(todo);
            todo.removeIf(partition -> Optional.ofNullable(committed.get(partition))
                    .map(offset -> commitMetadata.equals(offset.metadata())).orElse(false));
        }
        if (todo.isEmpty()) {
            return;
        }
        long millis = options.offsetTime().toInstant().toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        todo.forEach(partition -> query.put(partition, millis));
        Map<TopicPartition, OffsetAndTimestamp> found = client.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = client.endOffsets(todo);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : todo) {
            OffsetAndTimestamp at = found.get(partition);
            long offset = at != null ? at.offset() : ends.get(partition);
            client.seek(partition, offset);
            offsets.put(partition, new OffsetAndMetadata(offset, commitMetadata));
        }
        client.commitSync(offsets, COMMIT_TIMEOUT);
        moved.addAll(todo);
        log.info("Found offsets for timestamp {}: {}", IsoDateTimes.format(options.offsetTime()), offsets);
    }
}
