package org.openedx.events.redis.internal;

import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.EnvelopeDecoder;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.InboundBatch;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.redis.RedisBackend;
import org.openedx.events.redis.RedisBusException;
import org.openedx.events.redis.RedisSettings;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.UnusableMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Redis stream as one consumer of a consumer group, the way edx-event-bus-redis
 * does, without its ways of losing entries:
 * <ul>
 *   <li>the group is created at the stream's start ({@code MKSTREAM}) when missing and, unless
 *       a start option says otherwise, goes on from where it stopped;</li>
 *   <li>on each connection, entries released by stopping consumers and this consumer's own
 *       pending entries (read before a crash or a lost connection, never acknowledged) come
 *       first, then new entries, in batches;</li>
 *   <li>entries done with are acknowledged together, in the round trip of the next read;</li>
 *   <li>a stopping consumer hands what it read and did not handle to the group's parking
 *       consumer, from which the next consumer of the group takes it, whatever its name.</li>
 * </ul>
 * Every Lettuce failure is a {@link TransportException} that says its cause (connection
 * refused, a TLS certificate error...): the pipeline waits and calls {@link #connect()}, which
 * opens a new connection. Credentials Redis refuses ({@code WRONGPASS}) and a key that holds
 * something other than a stream are a {@link RedisBusException}, which ends the consumer:
 * trying again would not help.
 */
public final class RedisConsumerTransport implements ConsumerTransport {

    // The consumer's logger: these are the consumer's log lines, next to the pipeline's.
    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.redis.consumer");
    private static final String TRIMMED = "The entry was deleted from the stream (trimmed by MAXLEN) after it was "
            + "read and before it was handled";
    private static final String CLAIMED_TRIMMED = "The entry was deleted from the stream (trimmed by MAXLEN) before "
            + "it was handled; XAUTOCLAIM dropped it from the pending list";

    private final RedisSettings settings;
    private final String stream;
    private final byte[] streamKey;
    private final String deadLetterStream;
    /** Whether the stream is a dead-letter stream, whose events carry their letters. */
    private final boolean deadLetters;
    private final String group;
    private final String consumerName;
    private final String lastReadMsgId;
    private final Boolean checkBacklog;
    /** Entries idle this long, whoever read them, are taken over as the consumer starts. */
    private final long claimAfterMillis;
    /** Later, entries idle this long (at least a second, so that live consumers keep theirs) every half of it. */
    private final long reclaimAfterMillis;
    private long nextClaimNanos;
    private final EnvelopeDecoder decoder;
    private final ReadUnblocker unblocker = new ReadUnblocker();
    /** Ids done with and not yet acknowledged: sent ahead of the next read, or by {@link #commit()}. */
    private final List<String> staged = new ArrayList<>();
    /** Ids {@code XAUTOCLAIM} reported deleted: the next fetch returns them, for their dead letters. */
    private final List<String> claimedTrimmed = new ArrayList<>();
    /** Entries trimmed before the group read them, found and not yet handed to the pipeline. */
    private Gap gap;
    /** Entries read along with the discovery of a loss: the fetch after the loss's record returns them. */
    private Batch deferred;
    /** The last read returned entries: the next one may cross a loss, so the stream's counters go with it. */
    private boolean busy = true;
    /** The group's last-delivered id when a loss was last reported, and how many entries it counted. */
    private String reportedAt;
    private long reportedLost;
    /** The pipeline stops: reads no longer block, claims end early. */
    private volatile boolean woken;
    private RedisClientHandle client;
    private GroupConnection connection;
    private boolean positioned;
    /** Where the next read of this consumer's own pending entries starts; null once they are all read. */
    private String pendingAfter;

    public RedisConsumerTransport(RedisSettings settings, String stream, String group, OptionTable.Options options,
                                  EventCodec codec) {
        this.settings = settings;
        this.stream = stream;
        this.streamKey = StreamEntries.bytes(stream);
        this.deadLetterStream = DeadLetter.topicOf(stream);
        this.deadLetters = DeadLetter.isDeadLetterTopic(stream);
        this.group = group;
        String name = options.get(RedisBackend.CONSUMER_NAME);
        this.consumerName = name != null ? name : ManagementFactory.getRuntimeMXBean().getName();
        this.lastReadMsgId = options.get(RedisBackend.LAST_READ_MSG_ID);
        this.checkBacklog = options.get(RedisBackend.CHECK_BACKLOG);
        Long claimOption = options.get(RedisBackend.CLAIM_MSGS_OLDER_THAN);
        this.claimAfterMillis = claimOption != null ? claimOption : settings.claimAfter().toMillis();
        this.reclaimAfterMillis = Math.max(claimAfterMillis, 1000);
        this.decoder = new EnvelopeDecoder(MetadataCodec.BARE_FIELDS, false, codec);
    }

    /** The {@code consumer_name} option, or {@code <pid>@<host>}. */
    @Override
    public String consumerName() {
        return consumerName;
    }

    /**
     * Opens a new connection and makes the group ready: creates it when missing, applies the
     * start options (once, at the first connection that gets that far), claims idle entries
     * (once), acknowledges what was handled before a reconnection, and takes the released
     * entries; the next fetches then read this consumer's pending entries, then new ones.
     */
    @Override
    public void connect() {
        closeConnection();
        if (client == null) {
            client = RedisClientHandle.forConsumer(settings.connectionUrl(), consumerName, settings.pollTimeout());
        }
        try {
            connection = GroupConnection.open(client, stream, group, consumerName);
            if (connection.createGroup()) {
                LOG.info("Created consumer group {} of stream {}", group, stream);
            }
            if (!positioned) {
                applyStartOptions();
                positioned = true;
            }
            connection.acknowledge(staged);
            staged.clear();
            // Read on the old connection and not handled: still pending for this consumer, read again below.
            deferred = null;
            takeReleasedEntries();
            claimIdleEntries(claimAfterMillis);
            checkTrimmed();
            pendingAfter = "0";
        } catch (RedisException e) {
            closeConnection();
            String authentication = RedisErrors.authenticationFailure(e);
            if (authentication != null) {
                throw new RedisBusException("Redis at " + settings.connectionUrl() + " refused the credentials: "
                        + authentication, e);
            }
            throw unreachable(e);
        }
    }

    private void applyStartOptions() {
        if (lastReadMsgId != null) {
            connection.setPosition(lastReadMsgId);
            LOG.info("Group {} of stream {} now reads the entries after {} (last_read_msg_id)", group, stream,
                    lastReadMsgId);
        } else if (Boolean.FALSE.equals(checkBacklog)) {
            connection.setPosition("$");
            LOG.info("Group {} of stream {} moved to the end of the stream (check_backlog false): entries already "
                    + "in it are skipped", group, stream);
        }
    }

    /**
     * Takes over the group's entries that some consumer read and has not acknowledged for the
     * claim time ({@code XAUTOCLAIM}): a consumer that died, under a name that is not used
     * again (the default name changes with the process), would otherwise strand them for good.
     * Returns how many it took.
     */
    private int claimIdleEntries(long idleMillis) {
        nextClaimNanos = System.nanoTime() + reclaimAfterMillis * 500_000L;
        String cursor = "0-0";
        int count = 0;
        int trimmed = claimedTrimmed.size();
        do {
            GroupConnection.Claim claim = connection.claim(idleMillis, cursor, settings.batchSize());
            count += claim.claimed();
            claimedTrimmed.addAll(claim.deleted());
            cursor = claim.next();
        } while (!"0-0".equals(cursor) && !woken);
        if (count > 0 || claimedTrimmed.size() > trimmed) {
            LOG.warn("Took over {} entries of group {} on stream {} that a consumer read and left unacknowledged for "
                    + "at least {} ms (it stopped or died); {} more were trimmed from the stream before they were "
                    + "handled and go to its dead-letter stream", count, group, stream, idleMillis,
                    claimedTrimmed.size() - trimmed);
        }
        return count;
    }

    /**
     * Looks for entries that {@code MAXLEN} trimmed before the group read them: the group's
     * last-delivered id is below the stream's first entry, and Redis's lag of the group (the
     * entries added after its last read) is more than the entries still there. Done as the
     * consumer connects, periodically with the claims, and ahead of each read that follows a
     * read that returned entries (in the read's round trip): a group that has just read
     * everything cannot be overtaken before its next read. Logs an ERROR and keeps a record of
     * the loss, which the next fetch hands to the pipeline as an undecodable message: it goes
     * to the dead-letter stream and counts as an error and a dead letter, like any entry that
     * could not be delivered. A loss is reported once (found again before the group moves on,
     * only what is new). When Redis cannot tell the lag (entries deleted with {@code XDEL}
     * after the group's position), nothing is said.
     */
    private void checkTrimmed() {
        try {
            checkTrimmed(connection.streamState());
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            LOG.debug("XINFO failed on stream {}: {}", stream, e.getMessage());
        }
    }

    private void checkTrimmed(GroupConnection.StreamState state) {
        if (state == null) {
            return;
        }
        String before = state.firstEntry();
        if (before != null ? compareIds(before, state.lastDelivered()) <= 0
                : compareIds(state.lastGenerated(), state.lastDelivered()) <= 0) {
            return;
        }
        if (state.lag() == null) {
            LOG.debug("Group {} of stream {} is below the stream's first entry and Redis cannot tell its lag", group,
                    stream);
            return;
        }
        boolean again = state.lastDelivered().equals(reportedAt);
        long total = state.lag() - state.length();
        long lost = total - (again ? reportedLost : 0);
        if (lost <= 0) {
            // Nothing lost since the group's last read: e.g. a new group on a stream trimmed before it existed.
            return;
        }
        reportedAt = state.lastDelivered();
        reportedLost = total;
        String range = before != null ? "after " + state.lastDelivered() + " and before " + before
                : "after " + state.lastDelivered() + " up to " + state.lastGenerated();
        String what = lost + (again ? " more" : "") + " entries of stream " + stream + " with ids " + range
                + " were trimmed before consumer group " + group + " read them; they are lost. The stream's MAXLEN "
                + "(EVENT_BUS_REDIS_STREAM_MAX_LEN) must cover the longest consumer outage at the peak send rate";
        LOG.error(what);
        gap = new Gap(state.lastDelivered() + ".." + (before != null ? before : state.lastGenerated()), range, what);
    }

    /** Compares two stream entry ids ({@code <ms>-<seq>}). */
    static int compareIds(String a, String b) {
        long[] x = idParts(a);
        long[] y = idParts(b);
        int ms = Long.compareUnsigned(x[0], y[0]);
        return ms != 0 ? ms : Long.compareUnsigned(x[1], y[1]);
    }

    static long[] idParts(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? new long[] {Long.parseUnsignedLong(id), 0}
                : new long[] {Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1))};
    }

    /** Entries consumers of the group released as they stopped become this one's pending entries. */
    private void takeReleasedEntries() {
        int taken;
        int total = 0;
        while ((taken = connection.takeReleased(settings.batchSize())) > 0) {
            total += taken;
        }
        if (total > 0) {
            LOG.info("Took {} entries other consumers of group {} read and released unhandled", total, group);
        }
    }

    /**
     * Entries whose dead letter is due because {@code XAUTOCLAIM} found them trimmed away, then
     * this consumer's pending entries, then new entries: {@code XREADGROUP >} blocking up to the
     * poll timeout, the staged acknowledgements in the same round trip.
     */
    @Override
    public InboundBatch fetch() {
        GroupConnection current = connected();
        if (gap != null) {
            Gap found = gap;
            gap = null;
            return found;
        }
        if (deferred != null) {
            Batch later = deferred;
            deferred = null;
            return later;
        }
        if (!claimedTrimmed.isEmpty()) {
            List<StreamMessage<byte[], byte[]>> gone = new ArrayList<>(claimedTrimmed.size());
            claimedTrimmed.forEach(id -> gone.add(new StreamMessage<>(streamKey, id, Map.of())));
            claimedTrimmed.clear();
            return new Batch(gone, false);
        }
        try {
            if (pendingAfter == null && System.nanoTime() - nextClaimNanos >= 0) {
                if (claimIdleEntries(reclaimAfterMillis) > 0) {
                    pendingAfter = "0";
                }
                checkTrimmed();
                if (gap != null) {
                    Gap found = gap;
                    gap = null;
                    return found;
                }
            }
            if (pendingAfter != null) {
                List<StreamMessage<byte[], byte[]>> entries = current.readPending(pendingAfter, settings.batchSize(),
                        staged);
                staged.clear();
                if (!entries.isEmpty()) {
                    busy = true;
                    pendingAfter = entries.get(entries.size() - 1).getId();
                    LOG.info("Handling {} entries consumer {} read earlier and did not acknowledge", entries.size(),
                            consumerName);
                    return new Batch(entries, true);
                }
                pendingAfter = null;
            }
            List<StreamMessage<byte[], byte[]>> entries;
            GroupConnection.StateRequest state;
            unblocker.reading(current);
            try {
                // A stop that came before the read registered would not unblock it.
                if (woken) {
                    return InboundBatch.EMPTY;
                }
                state = busy ? current.requestState() : null;
                entries = current.readNew(settings.batchSize(), settings.pollTimeout(), staged);
            } finally {
                unblocker.done();
            }
            staged.clear();
            busy = !entries.isEmpty();
            Batch batch = entries.isEmpty() ? null : new Batch(entries, true);
            if (state != null) {
                try {
                    checkTrimmed(current.streamState(state));
                } catch (io.lettuce.core.RedisCommandExecutionException e) {
                    LOG.debug("XINFO failed on stream {}: {}", stream, e.getMessage());
                }
                if (gap != null) {
                    // The loss came before these entries: its record goes first.
                    deferred = batch;
                    Gap found = gap;
                    gap = null;
                    return found;
                }
            }
            return batch == null ? InboundBatch.EMPTY : batch;
        } catch (RedisException e) {
            throw unreachable(e);
        }
    }

    /** Sends the staged acknowledgements, now. */
    @Override
    public void commit() {
        if (staged.isEmpty()) {
            return;
        }
        try {
            connected().acknowledge(staged);
        } catch (RedisException e) {
            throw unreachable(e);
        }
        staged.clear();
    }

    /** {@code XADD <stream>-dead-letter * <the entry's fields, unchanged> <the letter's attributes>}. */
    @Override
    public String deadLetter(InboundBatch batch, int index, DeadLetter letter) {
        Map<byte[], byte[]> body = batch instanceof Batch entries ? entries.body(index) : Map.of();
        Object[] fields = StreamEntries.deadLetter(body, letter.attributes());
        try {
            return connected().deadLetter(deadLetterStream, fields);
        } catch (RedisException e) {
            throw unreachable(e);
        }
    }

    /** Ends a blocked read at once ({@code CLIENT UNBLOCK}); called as the consumer stops, so later reads do not block. */
    @Override
    public void stopping() {
        woken = true;
        unblocker.unblock();
    }

    @Override
    public void close() {
        unblocker.awaitDone();
        closeConnection();
        if (client != null) {
            client.close();
        }
    }

    /**
     * The entries of the stream not yet read by the group: {@code XINFO GROUPS}' {@code lag}; empty
     * when Redis cannot tell (before 7.0, or entries deleted after the group's position) or the
     * stream does not exist yet.
     */
    @Override
    public OptionalLong lag() {
        try {
            GroupConnection.StreamState state = connected().streamState();
            return state == null || state.lag() == null ? OptionalLong.empty() : OptionalLong.of(state.lag());
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            return OptionalLong.empty();
        } catch (RedisException e) {
            throw unreachable(e);
        }
    }

    private GroupConnection connected() {
        if (connection == null) {
            throw new TransportException("Not connected to Redis at " + settings.connectionUrl(), null);
        }
        return connection;
    }

    private void closeConnection() {
        GroupConnection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a broken connection failed: {}", e.toString());
            }
        }
    }

    private TransportException unreachable(RedisException e) {
        return new TransportException("Redis at " + settings.connectionUrl() + " failed or cannot be reached: "
                + RedisErrors.describe(e), e);
    }

    /**
     * A record of entries trimmed before the group read them: one message that cannot be
     * decoded, saying what was lost, so that the pipeline logs it, dead-letters it (its
     * attributes only: the entries are gone) and counts it. Its position is the range.
     */
    private static final class Gap implements InboundBatch {
        private final String position;
        private final String range;
        private final String what;

        /**
         * @param position {@code <last-delivered-id>..<first-entry-id>}, both excluded (the last
         *                 generated id, included, when the stream is empty)
         */
        Gap(String position, String range, String what) {
            this.position = position;
            this.range = range;
            this.what = what;
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public DecodeResult decode(int index) {
            return new DecodeResult.Undecodable(new UnusableMessageException(what));
        }

        /** Nothing to acknowledge: the entries are gone. */
        @Override
        public void done(int index) {
        }

        @Override
        public String position(int index) {
            return position;
        }

        @Override
        public String describe(int index) {
            return "trimmed unread: ids " + range;
        }
    }

    /** Entries of one read, by index. */
    private final class Batch implements InboundBatch {
        private final List<StreamMessage<byte[], byte[]>> entries;
        /** Whether the entries are pending for this consumer: acknowledged when done, released when not handled. */
        private final boolean pending;

        Batch(List<StreamMessage<byte[], byte[]>> entries, boolean pending) {
            this.entries = entries;
            this.pending = pending;
        }

        @Override
        public int size() {
            return entries.size();
        }

        /** An entry without fields was trimmed away before it was handled: it is undecodable, so it gets a dead letter. */
        @Override
        public DecodeResult decode(int index) {
            Map<byte[], byte[]> body = body(index);
            if (body.isEmpty()) {
                return new DecodeResult.Undecodable(new UnusableMessageException(pending ? TRIMMED : CLAIMED_TRIMMED));
            }
            DecodeResult result = StreamEntries.decode(body, decoder);
            return deadLetters ? DecodeResult.withLetter(result, StreamEntries.letter(body)) : result;
        }

        @Override
        public Map<String, String> traceContext(int index) {
            return StreamEntries.traceContext(body(index));
        }

        Map<byte[], byte[]> body(int index) {
            Map<byte[], byte[]> body = entries.get(index).getBody();
            return body == null ? Map.of() : body;
        }

        @Override
        public void done(int index) {
            if (pending) {
                staged.add(entries.get(index).getId());
            }
        }

        @Override
        public String position(int index) {
            return entries.get(index).getId();
        }

        @Override
        public String describe(int index) {
            return "redis_msg_id=b'" + entries.get(index).getId() + "'";
        }

        /** Hands the entries from {@code from} on to the group's parking consumer, for the next consumer to start. */
        @Override
        public void release(int from) {
            List<String> ids = new ArrayList<>(entries.size() - from);
            for (int i = from; i < entries.size(); i++) {
                ids.add(entries.get(i).getId());
            }
            if (ids.isEmpty()) {
                return;
            }
            if (!pending) {
                LOG.warn("Stopping: entries {} were trimmed from stream {} before they were handled and are not "
                        + "recorded in its dead-letter stream", ids, stream);
                return;
            }
            try {
                connected().release(ids);
                LOG.info("Stopping: {} entries read and not handled are released to group {}; the next consumer to "
                        + "start takes them first", ids.size(), group);
            } catch (RedisException | TransportException e) {
                LOG.warn("Stopping: {} entries read and not handled stay pending for consumer {}, which handles them "
                        + "first when it starts again: {}", ids.size(), consumerName, e.toString());
            }
        }
    }
}
