package org.openedx.events.kafka.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.openedx.events.bus.spi.InboundBatch;

/**
 * Fetches batches and decodes them ahead: while the pipeline handles the batch {@link #fetch()}
 * returned, the next one is already polled and being decoded on a thread of this consumer, and
 * when the pipeline gets to records not decoded yet, its thread decodes some too. Fetching and
 * decoding are each about half of the work, so a consumer keeps two cores busy. Receivers only
 * ever run on the consumer's thread. The consumer's thread only, except the decoding.
 */
final class Fetcher implements AutoCloseable {

    /** One poll of the client, its failures already translated. */
    @FunctionalInterface
    interface Poll {
        ConsumerRecords<byte[], byte[]> poll(Duration timeout);
    }

    private final String fullTopic;
    private final Duration pollTimeout;
    private final OffsetTracker offsets;
    /** The decoding thread's decoder. */
    private final RecordDecoder ahead;
    /** The consumer thread's decoder. */
    private final RecordDecoder helper;
    private ExecutorService decoding;
    /** The batch the pipeline is handling, or null. */
    private KafkaBatch handed;
    /** The batch polled and being decoded meanwhile, or null. */
    private KafkaBatch next;

    Fetcher(String fullTopic, Duration pollTimeout, RecordDecoder.WriterSchemas schemas, OffsetTracker offsets) {
        this.fullTopic = fullTopic;
        this.pollTimeout = pollTimeout;
        this.offsets = offsets;
        this.ahead = new RecordDecoder(schemas);
        this.helper = new RecordDecoder(schemas);
    }

    /**
     * The batch polled last time, or the next poll's (waiting up to the poll timeout) when there
     * is none; then polls the batch after it without waiting, to decode it meanwhile. A poll that
     * fails leaves the batch in hand for the next call.
     */
    InboundBatch fetch(Poll poll) {
        handed = null; // the pipeline asks again once it is done with the last one
        if (next == null) {
            next = batchOf(poll.poll(pollTimeout));
            if (next == null) {
                return InboundBatch.EMPTY;
            }
        }
        KafkaBatch following = batchOf(poll.poll(Duration.ZERO));
        handed = next;
        next = following;
        return handed;
    }

    private KafkaBatch batchOf(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return null;
        }
        KafkaBatch batch = new KafkaBatch(records, helper, offsets);
        if (decoding == null) {
            decoding = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "kafka-decoder-" + fullTopic);
                thread.setDaemon(true);
                return thread;
            });
        }
        decoding.execute(() -> batch.decodeAll(ahead));
        return batch;
    }

    /** A rebalance took these partitions away: the batches in hand leave their records. */
    void revoke(Collection<TopicPartition> partitions) {
        if (handed != null) {
            handed.revoke(partitions);
        }
        if (next != null) {
            next.revoke(partitions);
        }
    }

    @Override
    public void close() {
        handed = null;
        next = null;
        if (decoding != null) {
            decoding.shutdownNow();
        }
    }
}
