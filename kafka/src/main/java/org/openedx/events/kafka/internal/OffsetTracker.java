package org.openedx.events.kafka.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * The offsets to commit: per partition, the one after the last message the pipeline is done
 * with, never past a message not done with. Commits asynchronously as the pipeline asks, and
 * synchronously for partitions a rebalance takes away and as the consumer closes. The consumer's
 * thread only (commit callbacks run on it too).
 */
final class OffsetTracker {

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    /** One partition's progress; kept for the partition's life here, so marking a message done allocates nothing. */
    private static final class Progress {
        final TopicPartition partition;
        /** The offset to commit; -1 when nothing was done since the partition was (re)assigned. */
        long next = -1;
        Optional<Integer> leaderEpoch = Optional.empty();
        /** Whether {@link #next} is not committed (nor being committed) yet. */
        boolean pending;

        Progress(TopicPartition partition) {
            this.partition = partition;
        }
    }

    private final Consumer<byte[], byte[]> client;
    private final String topic;
    private final String group;
    private final String metadata;
    private final Logger log;
    /** By partition number. */
    private Progress[] partitions = new Progress[0];

    /**
     * @param metadata the metadata of every committed offset ({@link ConsumerOptions#commitMetadata()})
     */
    OffsetTracker(Consumer<byte[], byte[]> client, String topic, String group, String metadata, Logger log) {
        this.client = client;
        this.topic = topic;
        this.group = group;
        this.metadata = metadata;
        this.log = log;
    }

    /** The pipeline is done with this message: the next commit of its partition goes past it. */
    void done(ConsumerRecord<byte[], byte[]> record) {
        Progress progress = progress(record.partition());
        progress.next = record.offset() + 1;
        progress.leaderEpoch = record.leaderEpoch();
        progress.pending = true;
    }

    private Progress progress(int partition) {
        if (partition >= partitions.length) {
            partitions = Arrays.copyOf(partitions, Math.max(partition + 1, partitions.length * 2));
        }
        Progress progress = partitions[partition];
        if (progress == null) {
            progress = new Progress(new TopicPartition(topic, partition));
            partitions[partition] = progress;
        }
        return progress;
    }

    /**
     * Commits what is done without waiting; a commit that fails is tried again with the next one.
     *
     * @throws KafkaException as {@link Consumer#commitAsync} throws it
     */
    void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = take(null);
        if (offsets.isEmpty()) {
            return;
        }
        client.commitAsync(offsets, (committed, error) -> {
            if (error == null) {
                return;
            }
            log.warn("Could not commit offsets {} of group {}; trying again with the next commit: {}", committed,
                    group, error.toString());
            Set<TopicPartition> assigned = client.assignment();
            committed.forEach((partition, offset) -> {
                Progress progress = partition.partition() < partitions.length ? partitions[partition.partition()]
                        : null;
                // Unless the partition went away meanwhile (then its progress was forgotten).
                if (progress != null && assigned.contains(partition) && progress.next >= offset.offset()) {
                    progress.pending = true;
                }
            });
        });
    }

    /**
     * Commits what is done of these partitions (all when null) and waits; a failure is logged:
     * those messages may be handled again.
     *
     * @return what was committed, or tried
     */
    Map<TopicPartition, OffsetAndMetadata> commitSync(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = take(only);
        if (offsets.isEmpty()) {
            return offsets;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                client.commitSync(offsets, COMMIT_TIMEOUT);
                return offsets;
            } catch (WakeupException e) {
                // the consumer is stopping: commit all the same
            } catch (KafkaException e) {
                log.warn("Could not commit offsets {} of group {}; those events may be handled again: {}", offsets,
                        group, e.toString());
                return offsets;
            }
        }
        return offsets;
    }

    /** These partitions went away without a commit: what was done of them is their next owner's to handle. */
    void forget(Collection<TopicPartition> gone) {
        for (TopicPartition partition : gone) {
            if (partition.partition() < partitions.length && partitions[partition.partition()] != null) {
                Progress progress = partitions[partition.partition()];
                progress.next = -1;
                progress.pending = false;
            }
        }
    }

    /** The offsets not committed yet, of these partitions (all when null), now counted as being committed. */
    private Map<TopicPartition, OffsetAndMetadata> take(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        if (only == null) {
            for (Progress progress : partitions) {
                take(progress, offsets);
            }
        } else {
            for (TopicPartition partition : only) {
                if (partition.partition() < partitions.length) {
                    take(partitions[partition.partition()], offsets);
                }
            }
        }
        return offsets;
    }

    private void take(Progress progress, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (progress != null && progress.pending) {
            offsets.put(progress.partition, new OffsetAndMetadata(progress.next, progress.leaderEpoch, metadata));
            progress.pending = false;
        }
    }
}
