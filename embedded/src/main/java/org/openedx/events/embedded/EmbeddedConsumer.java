package org.openedx.events.embedded;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventEmitter;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.embedded.internal.SqliteStore.StoredMessage;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.wire.IsoDateTimes;
import org.openedx.events.wire.MetadataCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one topic of the embedded store for one group. The group's position advances
 * only after the receivers have handled an event (at-least-once); consumers of one group
 * take turns batch by batch under a lease, so no event is handled by two of them unless one
 * died while holding it. A failing receiver or an event that cannot be decoded is logged with
 * its position and counted, and consumption goes on.
 */
public final class EmbeddedConsumer implements EventBusConsumer {

    /** The {@code --extra} options this consumer accepts. */
    public static final Set<String> OPTIONS = Set.of("consumer_name", "check_backlog", "last_read_msg_id",
            "replay_from_time");

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConsumer.class);
    private static final int BATCH = 500;
    private static final long LEASE_MILLIS = 10_000;
    private static final long RENEW_MILLIS = 1_000;
    private static final long COMMIT_MILLIS = 50;

    private final EmbeddedSettings settings;
    private final ConsumerSpec spec;
    private final String fullTopic;
    private final String consumerName;
    private final AvroEventSerializer serializer;
    private final ConsecutiveErrors consecutiveErrors;
    private volatile boolean stopped;
    private volatile long handled;
    private volatile long undecodable;
    private volatile long failed;

    public EmbeddedConsumer(EmbeddedSettings settings, ConsumerSpec spec, AvroEventSerializer serializer) {
        this.settings = settings;
        this.spec = spec;
        this.fullTopic = settings.fullTopic(spec.topic());
        this.consumerName = Optional.ofNullable(spec.extra().get("consumer_name")).map(String::valueOf)
                .orElseGet(EmbeddedConsumer::defaultConsumerName);
        this.serializer = serializer;
        this.consecutiveErrors = new ConsecutiveErrors(settings.consecutiveErrorsLimit(),
                "topic '" + fullTopic + "', group '" + spec.groupId() + "'");
    }

    private static String defaultConsumerName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    @Override
    public void consumeIndefinitely() {
        try (SqliteStore store = new SqliteStore(settings)) {
            applyStartOptions(store);
            LOG.info("Consuming topic {} as group {} (consumer {}) from {}", fullTopic, spec.groupId(), consumerName,
                    store.path());
            new Turn(store).run();
        }
    }

    /**
     * The loop of one consumer: take the group's lease, handle batches in order, commit after
     * a full batch or {@link #COMMIT_MILLIS}, whichever comes first (and when stopping), and
     * hand the lease over when another consumer of the group is waiting. A consumer that dies
     * hands at most one batch, or 50 ms of events, to the next one to handle again.
     */
    private final class Turn {
        private final SqliteStore store;
        private long position = -1;
        private long committed;
        private long lastCommit;

        Turn(SqliteStore store) {
            this.store = store;
        }

        void run() {
            while (!stopped) {
                if (position < 0 && !acquire()) {
                    sleep();
                    continue;
                }
                List<StoredMessage> batch = store.read(fullTopic, position, BATCH);
                for (StoredMessage message : batch) {
                    if (stopped) {
                        break;
                    }
                    try {
                        handle(message);
                    } catch (ConsecutiveErrors.LimitReachedException e) {
                        position = message.position();
                        commit(true);
                        throw e;
                    }
                    position = message.position();
                }
                long sinceCommit = System.currentTimeMillis() - lastCommit;
                boolean due = sinceCommit >= COMMIT_MILLIS || batch.size() == BATCH;
                if (position != committed && due || sinceCommit >= RENEW_MILLIS) {
                    commit(false);
                }
                if (batch.isEmpty()) {
                    sleep();
                }
            }
            if (position >= 0) {
                commit(true);
            }
        }

        private boolean acquire() {
            position = store.acquire(fullTopic, spec.groupId(), consumerName, LEASE_MILLIS, 0);
            committed = position;
            lastCommit = System.currentTimeMillis();
            return position >= 0;
        }

        private void commit(boolean release) {
            SqliteStore.Commit result = store.commit(fullTopic, spec.groupId(), consumerName, position, LEASE_MILLIS,
                    release);
            lastCommit = System.currentTimeMillis();
            committed = position;
            if (result == SqliteStore.Commit.LEASE_LOST) {
                LOG.warn("Consumer {} lost the lease of group {} on {}; another consumer goes on from the last commit",
                        consumerName, spec.groupId(), fullTopic);
                position = -1;
            } else if (result == SqliteStore.Commit.DONE_OTHERS_WAITING && !release) {
                store.commit(fullTopic, spec.groupId(), consumerName, position, LEASE_MILLIS, true);
                position = -1;
            }
        }
    }

    private void handle(StoredMessage message) {
        OpenEdxPublicSignal signal;
        EventsMetadata metadata;
        EventData data;
        try {
            metadata = MetadataCodec.BARE_FIELDS.fromFields(message.metadataFields()::get, false);
            signal = SignalRegistry.get(metadata.eventType());
            data = serializer.deserialize(signal, message.eventData());
        } catch (RuntimeException e) {
            undecodable++;
            LOG.error("Skipping the message at position {} of topic {} (group {}): it cannot be decoded: {}",
                    message.position(), fullTopic, spec.groupId(), e.getMessage());
            consecutiveErrors.error(e);
            return;
        }
        try {
            EventEmitter.emit(signal, metadata, data);
            handled++;
            consecutiveErrors.success();
        } catch (RuntimeException e) {
            // ReceiverFailedException from a robust send; with DEBUG or allowSendEventFailure the
            // receiver's own exception arrives here instead, and it must not end the consumer either.
            failed++;
            LOG.error("Error handling event {} at position {} of topic {} (group {}): {}", metadata.id(),
                    message.position(), fullTopic, spec.groupId(), e.getMessage());
            consecutiveErrors.error(e);
        }
    }

    private void applyStartOptions(SqliteStore store) {
        Map<String, Object> extra = spec.extra();
        if (extra.containsKey("last_read_msg_id")) {
            store.seek(fullTopic, spec.groupId(), parsePosition(extra.get("last_read_msg_id")));
        } else if (extra.containsKey("replay_from_time")) {
            long millis = IsoDateTimes.parseAware(String.valueOf(extra.get("replay_from_time"))).toInstant().toEpochMilli();
            store.seek(fullTopic, spec.groupId(), store.positionBefore(fullTopic, millis));
        } else if (Boolean.FALSE.equals(extra.get("check_backlog"))) {
            store.seek(fullTopic, spec.groupId(), store.lastPosition(fullTopic));
        }
    }

    private static long parsePosition(Object value) {
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("last_read_msg_id", "must be a message position (an integer), found '"
                    + value + "'");
        }
    }

    private void sleep() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    /** Events handled by every receiver. */
    public long handled() {
        return handled;
    }

    /** Messages skipped because they could not be decoded. */
    public long undecodable() {
        return undecodable;
    }

    /** Events some receiver failed on. */
    public long failed() {
        return failed;
    }
}
