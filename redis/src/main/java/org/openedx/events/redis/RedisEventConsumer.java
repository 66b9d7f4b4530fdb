package org.openedx.events.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.redis.internal.EntryHandler;
import org.openedx.events.redis.internal.GroupConnection;
import org.openedx.events.redis.internal.ReadUnblocker;
import org.openedx.events.redis.internal.RedisClientHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one Redis stream as one consumer of a consumer group, the way edx-event-bus-redis
 * does, without its ways of losing events:
 * <ul>
 *   <li>the group is created ({@code MKSTREAM}) when missing and, unless told otherwise
 *       ({@code check_backlog: false}, {@code last_read_msg_id}), goes on from where it stopped;</li>
 *   <li>this consumer's pending entries (read before a crash and never acknowledged) are
 *       handled first, then new entries, read in batches and handled one by one in stream order;</li>
 *   <li>an entry is acknowledged after its receivers succeed; when they fail it is retried
 *       with backoff and then copied, with the error, to {@code <stream>-dead-letter}, as is
 *       at once an entry that cannot be decoded; acknowledgements are batched;</li>
 *   <li>a lost connection is re-opened with backoff and the pending entries are recovered.</li>
 * </ul>
 * Errors in a row are counted and end consumption at
 * {@code EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT}; the kill switch
 * {@code EVENT_BUS_REDIS_CONSUMERS_ENABLED} is read as the consumer starts.
 */
public final class RedisEventConsumer implements EventBusConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final RedisSettings settings;
    private final ConsumerSpec spec;
    private final RedisConsumerOptions options;
    private final String stream;
    private final ConsecutiveErrors errors;
    private final EntryHandler handler;
    private final Object wake = new Object();
    private final List<String> unacknowledged = new ArrayList<>();
    private volatile boolean stopped;
    private final ReadUnblocker unblocker = new ReadUnblocker();
    private volatile long reconnects;
    private Duration backoff;
    private boolean positioned;
    private boolean claimed;

    /**
     * @throws org.openedx.events.bus.EventBusConfigurationException when an option is unknown or invalid
     */
    public RedisEventConsumer(RedisSettings settings, ConsumerSpec spec, AvroEventSerializer serializer) {
        this.settings = settings;
        this.spec = spec;
        this.options = RedisConsumerOptions.from(spec.extra());
        this.stream = settings.stream(spec.topic());
        this.errors = new ConsecutiveErrors(settings.consecutiveErrorsLimit(),
                "stream '" + stream + "', group '" + spec.groupId() + "'");
        this.handler = new EntryHandler(settings, serializer, stream, spec.groupId(), options.consumerName(), errors,
                this::pause);
        this.backoff = settings.pollFailureSleep();
    }

    /**
     * Consumes until {@link #stop()}, the consecutive-error limit
     * ({@link ConsecutiveErrors.LimitReachedException}) or a stream key that holds something
     * else ({@link RedisBusException}). Redis being unreachable is not an end: the consumer
     * waits and reconnects.
     */
    @Override
    public void consumeIndefinitely() {
        if (!settings.consumersEnabled()) {
            LOG.error("Redis consumers not enabled, exiting.");
            return;
        }
        LOG.info("Running consumer for {'full_topic': '{}', 'consumer_group': '{}', 'consumer_name': '{}'}", stream,
                spec.groupId(), options.consumerName());
        try (RedisClientHandle client = RedisClientHandle.forConsumer(settings.connectionUrl(),
                options.consumerName(), settings.pollTimeout())) {
            while (!stopped) {
                try (GroupConnection connection = GroupConnection.open(client, stream, spec.groupId(),
                        options.consumerName())) {
                    if (reconnects > 0) {
                        LOG.info("Reconnected to Redis at {}", client.address());
                    }
                    consume(connection);
                } catch (RedisException e) {
                    if (stopped || Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    reconnects++;
                    errors.error(e);
                    LOG.error("Error consuming event from Redis: {} in context full_topic='{}', consumer_group='{}', "
                                    + "consumer_name='{}' -- no event available; reconnecting to {} in {} ms", e, stream,
                            spec.groupId(), options.consumerName(), client.address(), backoff.toMillis());
                    if (!pause(backoff)) {
                        break;
                    }
                    backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
                }
            }
            unblocker.awaitDone();
        }
        LOG.info("Stopped consumer of stream {} (group {}, consumer {}): {} events handled, {} dead-lettered",
                stream, spec.groupId(), options.consumerName(), handler.handled(), handler.deadLettered());
    }

    private void consume(GroupConnection connection) {
        if (connection.createGroup()) {
            LOG.info("Created consumer group {} of stream {}", spec.groupId(), stream);
        }
        if (!positioned) {
            applyStartPosition(connection);
            positioned = true;
        }
        try {
            if (!claimed && options.claimMsgsOlderThan() != null) {
                claimIdleEntries(connection);
                claimed = true;
            }
            connection.acknowledge(unacknowledged);
            unacknowledged.clear();
            takeReleasedEntries(connection);
            handlePendingEntries(connection);
            while (!stopped) {
                List<StreamMessage<byte[], byte[]>> batch = readNew(connection);
                unacknowledged.clear();
                backoff = settings.pollFailureSleep();
                handleBatch(connection, batch);
            }
            connection.acknowledge(unacknowledged);
            unacknowledged.clear();
        } catch (ConsecutiveErrors.LimitReachedException e) {
            acknowledgeBeforeExit(connection);
            throw e;
        }
    }

    private void applyStartPosition(GroupConnection connection) {
        if (options.lastReadMsgId() != null) {
            connection.setPosition(options.lastReadMsgId());
            LOG.info("Group {} of stream {} now reads the entries after {} (last_read_msg_id)", spec.groupId(), stream,
                    options.lastReadMsgId());
        } else if (Boolean.FALSE.equals(options.checkBacklog())) {
            connection.setPosition("$");
            LOG.info("Group {} of stream {} moved to the end of the stream (check_backlog false): entries already "
                    + "in it are skipped", spec.groupId(), stream);
        }
    }

    private void claimIdleEntries(GroupConnection connection) {
        String cursor = "0-0";
        int count = 0;
        do {
            GroupConnection.Claim claim = connection.claim(options.claimMsgsOlderThan(), cursor, settings.batchSize());
            count += claim.claimed();
            for (String id : claim.deleted()) {
                handler.lost(connection, id);
            }
            cursor = claim.next();
        } while (!"0-0".equals(cursor) && !stopped);
        LOG.info("Claimed {} entries of group {} idle for at least {} ms", count, spec.groupId(),
                options.claimMsgsOlderThan());
    }

    /** Entries consumers of the group released as they stopped become this one's pending entries. */
    private void takeReleasedEntries(GroupConnection connection) {
        int taken;
        int total = 0;
        while ((taken = connection.takeReleased(settings.batchSize())) > 0) {
            total += taken;
        }
        if (total > 0) {
            LOG.info("Took {} entries other consumers of group {} read and released unhandled", total, spec.groupId());
        }
    }

    /** Entries this consumer read before and did not acknowledge: after a crash or a lost connection. */
    private void handlePendingEntries(GroupConnection connection) {
        String after = "0";
        while (!stopped) {
            List<StreamMessage<byte[], byte[]>> batch = connection.readPending(after, settings.batchSize());
            if (batch.isEmpty()) {
                return;
            }
            LOG.info("Handling {} entries consumer {} read earlier and did not acknowledge", batch.size(),
                    options.consumerName());
            handleBatch(connection, batch);
            after = batch.get(batch.size() - 1).getId();
            connection.acknowledge(unacknowledged);
            unacknowledged.clear();
        }
    }

    private List<StreamMessage<byte[], byte[]>> readNew(GroupConnection connection) {
        unblocker.reading(connection);
        try {
            if (stopped) {
                return List.of();
            }
            return connection.readNew(settings.batchSize(), settings.pollTimeout(), unacknowledged);
        } finally {
            unblocker.done();
        }
    }

    private void handleBatch(GroupConnection connection, List<StreamMessage<byte[], byte[]>> batch) {
        for (int i = 0; i < batch.size(); i++) {
            StreamMessage<byte[], byte[]> entry = batch.get(i);
            boolean done = false;
            if (!stopped) {
                try {
                    done = handler.handle(connection, entry);
                } catch (ConsecutiveErrors.LimitReachedException e) {
                    unacknowledged.add(entry.getId());
                    release(connection, batch.subList(i + 1, batch.size()));
                    throw e;
                }
            }
            if (!done) {
                release(connection, batch.subList(i, batch.size()));
                return;
            }
            unacknowledged.add(entry.getId());
        }
    }

    /** Entries read and not to be handled by this consumer, which is stopping, go back to the group. */
    private void release(GroupConnection connection, List<StreamMessage<byte[], byte[]>> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            connection.release(entries.stream().map(StreamMessage::getId).toList());
            LOG.info("Stopping: {} entries read and not handled are released to group {}; the next consumer to "
                    + "start takes them first", entries.size(), spec.groupId());
        } catch (RedisException e) {
            LOG.warn("Stopping: {} entries read and not handled stay pending for consumer {}, which handles them "
                    + "first when it starts again: {}", entries.size(), options.consumerName(), e.toString());
        }
    }

    private void acknowledgeBeforeExit(GroupConnection connection) {
        try {
            connection.acknowledge(unacknowledged);
            unacknowledged.clear();
        } catch (RedisException e) {
            LOG.warn("Could not acknowledge {} handled entries before exiting; they will be handled again: {}",
                    unacknowledged.size(), e.toString());
        }
    }

    /** Sleeps; returns false, early, when the consumer is stopped or interrupted. */
    private boolean pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (wake) {
            long remaining;
            while (!stopped && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    wake.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !stopped;
    }

    /**
     * Asks the loop to return after the event in hand. A read blocked in Redis is ended at
     * once ({@code CLIENT UNBLOCK}); entries read and not yet handled stay pending for this
     * consumer name.
     */
    @Override
    public void stop() {
        stopped = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        unblocker.unblock();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The consumer's options. */
    public RedisConsumerOptions options() {
        return options;
    }

    /** The stream read: {@code <prefix>-<topic>}. */
    public String stream() {
        return stream;
    }

    /** The dead-letter stream: {@code <stream>-dead-letter}. */
    public String deadLetterStream() {
        return EntryHandler.deadLetterStream(stream);
    }

    /** Events every receiver handled. */
    public long handled() {
        return handler.handled();
    }

    /** Entries copied to the dead-letter stream. */
    public long deadLettered() {
        return handler.deadLettered();
    }

    /** Retries of events whose receivers failed. */
    public long retried() {
        return handler.retried();
    }

    /** Times the connection to Redis was lost or could not be opened. */
    public long reconnects() {
        return reconnects;
    }
}
