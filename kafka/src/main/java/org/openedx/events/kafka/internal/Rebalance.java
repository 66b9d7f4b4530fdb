package org.openedx.events.kafka.internal;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.openedx.events.EventBusException;
import org.slf4j.Logger;

/**
 * What a rebalance does to the consumer's progress. Partitions revoked: what was done of them is
 * committed, and the records of them in hand are left to their next owner (the pipeline sees
 * them as not {@linkplain KafkaBatch#owned owned}). Partitions lost: the same without a commit.
 * Partitions assigned: moved to {@code offset_time} when one is given, and paused in reset-only
 * mode. Runs on the consumer's thread, inside its polls.
 */
final class Rebalance implements ConsumerRebalanceListener {

    private final Consumer<byte[], byte[]> client;
    private final String group;
    private final ConsumerOptions options;
    private final Fetcher fetcher;
    private final OffsetTracker offsets;
    /** Null without {@code offset_time}. */
    private final OffsetTimeReset reset;
    private final Logger log;
    private EventBusException failure;

    Rebalance(Consumer<byte[], byte[]> client, String group, ConsumerOptions options, Fetcher fetcher,
              OffsetTracker offsets, Logger log) {
        this.client = client;
        this.group = group;
        this.options = options;
        this.fetcher = fetcher;
        this.offsets = offsets;
        this.reset = options.offsetTime() == null ? null : new OffsetTimeReset(client, options, log);
        this.log = log;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        fetcher.revoke(partitions);
        Map<TopicPartition, OffsetAndMetadata> handled = offsets.commitSync(partitions);
        offsets.forget(partitions);
        if (!partitions.isEmpty()) {
            log.info("Partitions {} of group {} revoked; committed what was handled: {}", partitions, group, handled);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        fetcher.revoke(partitions);
        offsets.forget(partitions);
        if (!partitions.isEmpty()) {
            log.warn("Lost partitions {} of group {} without a clean hand-over; their uncommitted events will be "
                    + "handled again by their next owner", partitions, group);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (reset == null || partitions.isEmpty()) {
            return;
        }
        try {
            reset.reset(partitions);
        } catch (WakeupException e) {
            throw e; // the consumer stops: nothing is consumed, and its poll returns
        } catch (RuntimeException e) {
            // Nothing may be consumed from where the offsets were: the consumer ends after this poll.
            client.pause(partitions);
            failure = new EventBusException("Error getting offsets for timestamps: cannot move the offsets of group '"
                    + group + "' on " + partitions + " to offset_time " + options.offsetTime() + ": " + e, e);
        }
        if (options.resetOnly()) {
            client.pause(partitions);
        }
    }

    /**
     * Ends the consumer after a poll in which the offsets could not be moved.
     *
     * @throws EventBusException why they could not
     */
    void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }
}
