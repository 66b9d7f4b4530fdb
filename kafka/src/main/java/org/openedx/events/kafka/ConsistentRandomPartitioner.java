package org.openedx.events.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;

/**
 * The partitioner of librdkafka's default, {@code consistent_random}, which the Python
 * producers of edx-event-bus-kafka use: a key goes to partition {@code CRC-32(key bytes) mod
 * partitions} (the unsigned CRC-32 of zlib and {@link CRC32}); a null or empty key to a random
 * partition, an available one when there is any. The Java client's default (murmur2) places
 * keys elsewhere, which would break per-key order on topics that Python and Java services
 * share. It is the default of this bus's producers; set it as {@code partitioner.class} on
 * other Java producers of such topics.
 */
public final class ConsistentRandomPartitioner implements Partitioner {

    /** The partition of a key among {@code partitions}, as librdkafka computes it. */
    public static int partitionOf(byte[] keyBytes, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(keyBytes, 0, keyBytes.length);
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes != null && keyBytes.length > 0) {
            return partitionOf(keyBytes, partitions);
        }
        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return available.isEmpty() ? random.nextInt(partitions)
                : available.get(random.nextInt(available.size())).partition();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing to release
    }
}
