package org.openedx.events.embedded.internal;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.EnvelopeDecoder;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.InboundBatch;
import org.openedx.events.embedded.EmbeddedBackend;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.embedded.internal.SqliteStore.StoredMessage;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.PythonJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic of the embedded store for one group. Consumers of a group take turns under a
 * lease: the one holding it reads batches after the group's committed position, renews the
 * lease as it commits and as the pipeline beats (five times a lease, so a slow batch keeps it),
 * and hands it over at a commit when another consumer of the group waits. Batches shrink when
 * handling is slow, so that a turn lasts about a second. A consumer that loses the lease (it was
 * stopped for longer than the lease) stops handling what it read; the next holder goes on from
 * the last commit.
 */
public final class EmbeddedConsumerTransport implements ConsumerTransport {

    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.embedded.consumer");
    private static final int MAX_BATCH = 500;
    /** How long handling one batch should take at most, so that turns and redeliveries stay short. */
    private static final long BATCH_NANOS = 1_000_000_000L;

    private final EmbeddedSettings settings;
    private final String group;
    private final String fullTopic;
    private final String deadLetterTopic;
    private final String consumerName;
    private final OptionTable.Options options;
    private final EnvelopeDecoder decoder;
    private final Clock clock;
    private final long leaseMillis;
    private final Duration heartbeat;
    private final Object wake = new Object();
    private volatile boolean woken;
    private SqliteStore store;
    private boolean positioned;
    /** The last position done with while holding the lease; -1 without the lease. */
    private long position = -1;
    private long committed;
    private long leaseValidUntil;
    private int batchSize = MAX_BATCH;
    private int lastBatch;
    private long lastFetchNanos;

    public EmbeddedConsumerTransport(EmbeddedSettings settings, String group, String fullTopic,
                                     OptionTable.Options options, EventCodec codec, Clock clock) {
        this.settings = settings;
        this.group = group;
        this.fullTopic = fullTopic;
        this.deadLetterTopic = DeadLetter.topicOf(fullTopic);
        this.options = options;
        String name = options.get(EmbeddedBackend.CONSUMER_NAME);
        this.consumerName = name != null ? name : ManagementFactory.getRuntimeMXBean().getName();
        this.decoder = new EnvelopeDecoder(MetadataCodec.BARE_FIELDS, false, codec);
        this.clock = clock;
        this.leaseMillis = settings.lease().toMillis();
        this.heartbeat = settings.lease().dividedBy(5);
    }

    @Override
    public String consumerName() {
        return consumerName;
    }

    /** Opens the store; applies the start options once. A store that cannot be opened ends the consumer. */
    @Override
    public void connect() {
        if (store == null) {
            store = new SqliteStore(settings);
        }
        if (!positioned) {
            applyStartOptions();
            positioned = true;
            LOG.info("Consuming topic {} as group {} (consumer {}) from {}", fullTopic, group, consumerName,
                    store.path());
        }
    }

    private void applyStartOptions() {
        if (options.isSet(EmbeddedBackend.LAST_READ_MSG_ID)) {
            store.seek(fullTopic, group, options.get(EmbeddedBackend.LAST_READ_MSG_ID));
        } else if (options.isSet(EmbeddedBackend.REPLAY_FROM_TIME)) {
            long millis = options.get(EmbeddedBackend.REPLAY_FROM_TIME).toInstant().toEpochMilli();
            store.seek(fullTopic, group, store.positionBefore(fullTopic, millis));
        } else if (Boolean.FALSE.equals(options.get(EmbeddedBackend.CHECK_BACKLOG))) {
            store.seek(fullTopic, group, store.lastPosition(fullTopic));
        }
    }

    @Override
    public InboundBatch fetch() {
        adaptBatchSize();
        if (position >= 0 && clock.millis() >= leaseValidUntil) {
            // The last batch outlived the lease before any of it was handled (a long read on a busy
            // machine), so nothing renewed it: renew it now, or learn that it is lost, rather than
            // read a batch that would again count as not ours.
            renew();
        }
        if (position < 0 && !acquire()) {
            idle();
            return InboundBatch.EMPTY;
        }
        List<StoredMessage> messages = store.read(fullTopic, position, batchSize);
        lastBatch = messages.size();
        if (messages.isEmpty()) {
            idle();
            return InboundBatch.EMPTY;
        }
        return new Batch(messages);
    }

    /** The next batch is as big as the last one's handling rate fills in {@link #BATCH_NANOS}. */
    private void adaptBatchSize() {
        long now = System.nanoTime();
        if (lastBatch > 0) {
            long took = Math.max(1, now - lastFetchNanos);
            long fits = lastBatch * BATCH_NANOS / took;
            batchSize = (int) Math.max(1, Math.min(MAX_BATCH, fits));
        }
        lastFetchNanos = now;
        lastBatch = 0;
    }

    private boolean acquire() {
        long start = store.acquire(fullTopic, group, consumerName, leaseMillis, 0);
        if (start < 0) {
            return false;
        }
        position = start;
        committed = start;
        leaseRenewed();
        return true;
    }

    /** A lease is counted as held until a fifth of it is left: the next holder may be about to take it. */
    private void leaseRenewed() {
        leaseValidUntil = clock.millis() + leaseMillis - leaseMillis / 5;
    }

    /** Waits for the poll interval, or until woken. */
    private void idle() {
        synchronized (wake) {
            if (!woken) {
                try {
                    wake.wait(Math.max(1, settings.pollInterval().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            woken = false;
        }
    }

    private final class Batch implements InboundBatch {
        private final List<StoredMessage> messages;

        Batch(List<StoredMessage> messages) {
            this.messages = messages;
        }

        @Override
        public int size() {
            return messages.size();
        }

        @Override
        public DecodeResult decode(int index) {
            StoredMessage message = messages.get(index);
            DecodeResult result = decoder.decode(message.metadata(), message.eventData());
            return message.attributes() == null ? result : DecodeResult.withLetter(result, message.deadLetter());
        }

        @Override
        public boolean owned(int index) {
            return position >= 0 && clock.millis() < leaseValidUntil;
        }

        @Override
        public void done(int index) {
            position = messages.get(index).position();
        }

        @Override
        public String position(int index) {
            return Long.toString(messages.get(index).position());
        }

        /** The trace context column's JSON object; a value that does not parse is logged and not carried. */
        @Override
        public Map<String, String> traceContext(int index) {
            String json = messages.get(index).traceContext();
            if (json == null) {
                return Map.of();
            }
            try {
                return TraceContextColumn.read(json);
            } catch (RuntimeException e) {
                LOG.warn("The trace context of the message at {} of {} is not a JSON object of text; it is left out: {}",
                        position(index), fullTopic, e.getMessage());
                return Map.of();
            }
        }

        StoredMessage message(int index) {
            return messages.get(index);
        }
    }

    @Override
    public void commit() {
        if (position >= 0 && position != committed) {
            renew();
        }
    }

    /** Commits the position and renews the lease; hands the lease over when another consumer waits. */
    private void renew() {
        SqliteStore.Commit result = store.commit(fullTopic, group, consumerName, position, leaseMillis, false);
        if (result == SqliteStore.Commit.LEASE_LOST) {
            LOG.warn("Consumer {} lost the lease of group {} on {}; another consumer goes on from the last commit",
                    consumerName, group, fullTopic);
            position = -1;
            return;
        }
        committed = position;
        leaseRenewed();
        store.boundWal(EmbeddedProducerTransport.WAL_TRUNCATE_BYTES);
        if (result == SqliteStore.Commit.DONE_OTHERS_WAITING) {
            store.commit(fullTopic, group, consumerName, position, leaseMillis, true);
            position = -1;
        }
    }

    @Override
    public String deadLetter(InboundBatch batch, int index, DeadLetter letter) {
        StoredMessage original = ((Batch) batch).message(index);
        long written = store.appendCopy(deadLetterTopic, original, clock.millis(),
                PythonJson.dumps(letter.attributes(), false));
        return Long.toString(written);
    }

    /** The messages after the group's committed position. */
    @Override
    public OptionalLong lag() {
        return store == null ? OptionalLong.empty() : OptionalLong.of(store.lag(fullTopic, group));
    }

    @Override
    public Duration heartbeatInterval() {
        return heartbeat;
    }

    /** Keeps the lease while a batch takes long: commits what is done and renews it. */
    @Override
    public void heartbeat() {
        if (position >= 0) {
            renew();
        }
    }

    @Override
    public void stopping() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /** Commits what is done, releases the lease and closes the store. */
    @Override
    public void close() {
        if (store == null) {
            return;
        }
        try {
            if (position >= 0) {
                store.commit(fullTopic, group, consumerName, position, leaseMillis, true);
            }
        } finally {
            store.close();
        }
    }
}
