package org.openedx.events.redis.internal;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.openedx.events.redis.RedisBusException;

/**
 * One consumer's connection and the stream commands it runs for its (stream, group,
 * consumer): group creation, start position, claims, reads, batched acknowledgements and
 * dead letters. Every Redis failure is thrown as a {@link RedisException} (the caller
 * reconnects), except a key that is not a stream ({@link RedisBusException}).
 */
final class GroupConnection implements AutoCloseable {

    /** The consumer name that holds entries released by stopping consumers until another takes them. */
    public static final String RELEASED = "openedx-events:released";

    private static final byte[] RELEASED_KEY = StreamEntries.bytes(RELEASED);

    private final RedisClientHandle client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final String stream;
    private final byte[] streamKey;
    private final byte[] group;
    private final Consumer<byte[]> consumer;
    private final long clientId;

    private GroupConnection(RedisClientHandle client, String stream, String group, String consumer) {
        this.client = client;
        this.stream = stream;
        this.streamKey = StreamEntries.bytes(stream);
        this.group = StreamEntries.bytes(group);
        this.consumer = Consumer.from(this.group, StreamEntries.bytes(consumer));
        this.connection = client.connect();
        this.commands = connection.async();
        long id;
        try {
            id = await(commands.clientId());
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        this.clientId = id;
    }

    /**
     * Connects.
     *
     * @throws RedisException when Redis cannot be reached
     */
    public static GroupConnection open(RedisClientHandle client, String stream, String group, String consumer) {
        return new GroupConnection(client, stream, group, consumer);
    }

    /**
     * {@code XGROUP CREATE <stream> <group> 0-0 MKSTREAM}; an existing group is kept as it is.
     *
     * @throws RedisBusException when the key exists and is not a stream
     */
    public boolean createGroup() {
        try {
            await(commands.xgroupCreate(StreamOffset.from(streamKey, "0-0"), group,
                    XGroupCreateArgs.Builder.mkstream()));
            return true;
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("BUSYGROUP")) {
                return false;
            }
            throw wrongType(stream, e);
        }
    }

    /** A key that holds something other than a stream ends the consumer; other errors are Redis's, as they were. */
    private static RuntimeException wrongType(String key, RedisCommandExecutionException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("WRONGTYPE")
                ? new RedisBusException("The key '" + key + "' holds something other than a stream: " + message, e) : e;
    }

    /** {@code XGROUP SETID}: the group next reads the entries after {@code id} ({@code $}: only new ones). */
    public void setPosition(String id) {
        await(commands.xgroupSetid(StreamOffset.from(streamKey, id), group));
    }

    /** What one {@code XAUTOCLAIM} page did. */
    public record Claim(String next, int claimed, List<String> deleted) {
    }

    /**
     * {@code XAUTOCLAIM <stream> <group> <consumer> <minIdle> <start> COUNT n JUSTID}: moves
     * entries idle at least {@code minIdleMillis} to this consumer's pending list.
     */
    public Claim claim(long minIdleMillis, String start, int count) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(streamKey).add(group)
                .add(consumer.getName()).add(minIdleMillis).add(start).add(CommandKeyword.COUNT).add(count)
                .add(CommandKeyword.JUSTID);
        List<Object> reply = unwrap(await(commands.dispatch(CommandType.XAUTOCLAIM,
                new ArrayOutput<>(ByteArrayCodec.INSTANCE), args)));
        String next = text(reply.get(0));
        int claimed = ((List<?>) reply.get(1)).size();
        List<String> deleted = new ArrayList<>();
        if (reply.size() > 2 && reply.get(2) instanceof List<?> ids) {
            ids.forEach(id -> deleted.add(text(id)));
        }
        return new Claim(next, claimed, deleted);
    }

    /**
     * Hands entries this consumer read and will not handle (it is stopping) to the group's
     * parking consumer, {@value #RELEASED}, from which the next consumer to start takes them
     * ({@link #takeReleased}): a consumer with another name finds them too.
     */
    public void release(List<String> ids) {
        if (!ids.isEmpty()) {
            await(commands.xclaim(streamKey, Consumer.from(group, RELEASED_KEY), XClaimArgs.Builder.justid(),
                    ids.toArray(String[]::new)));
        }
    }

    /** Moves up to {@code count} entries of the parking consumer to this one; returns how many. */
    public int takeReleased(int count) {
        List<PendingMessage> parked = await(commands.xpending(streamKey, Consumer.from(group, RELEASED_KEY),
                Range.create("-", "+"), Limit.from(count)));
        if (parked.isEmpty()) {
            return 0;
        }
        return await(commands.xclaim(streamKey, consumer, XClaimArgs.Builder.justid(),
                parked.stream().map(PendingMessage::getId).toArray(String[]::new))).size();
    }

    /**
     * This consumer's pending entries after {@code afterId}, oldest first (a trimmed entry has
     * an empty body); the acknowledgements go in the same round trip, ahead of the read.
     */
    public List<StreamMessage<byte[], byte[]>> readPending(String afterId, int count, List<String> acknowledge) {
        return read(XReadArgs.Builder.count(count), StreamOffset.from(streamKey, afterId), acknowledge);
    }

    /**
     * New entries for this consumer, waiting up to {@code block} for the first; the
     * acknowledgements go in the same round trip, ahead of the read.
     */
    public List<StreamMessage<byte[], byte[]>> readNew(int count, Duration block, List<String> acknowledge) {
        return read(XReadArgs.Builder.count(count).block(block), StreamOffset.lastConsumed(streamKey), acknowledge);
    }

    @SuppressWarnings("unchecked") // Lettuce takes the stream offsets as generic varargs
    private List<StreamMessage<byte[], byte[]>> read(XReadArgs args, StreamOffset<byte[]> offset,
                                                     List<String> acknowledge) {
        RedisFuture<Long> ack = acknowledge.isEmpty() ? null
                : commands.xack(streamKey, group, acknowledge.toArray(String[]::new));
        RedisFuture<List<StreamMessage<byte[], byte[]>>> read = commands.xreadgroup(consumer, args, offset);
        if (ack != null) {
            await(ack);
        }
        return await(read);
    }

    /**
     * What {@code XINFO STREAM} and {@code XINFO GROUPS} say of the stream and this group
     * (Redis 7.0 and newer).
     *
     * @param firstEntry      the id of the stream's first entry; null when the stream is empty
     * @param lastGenerated   the id of the last entry ever added
     * @param entriesAdded    entries ever added to the stream
     * @param length          entries in the stream now
     * @param lastDelivered   the group's last-delivered id
     * @param lag             the entries added after the group's last read ({@code entries-added} less its
     *                        read counter); null when Redis cannot tell
     */
    public record StreamState(String firstEntry, String lastGenerated, long entriesAdded, long length,
                              String lastDelivered, Long lag) {
    }

    /** {@code XINFO STREAM} and {@code XINFO GROUPS}, sent and not awaited: ahead of a read, in its round trip. */
    public record StateRequest(RedisFuture<List<Object>> stream, RedisFuture<List<Object>> groups) {
    }

    /** Sends {@code XINFO STREAM} and {@code XINFO GROUPS}; {@link #streamState(StateRequest)} reads their replies. */
    public StateRequest requestState() {
        return new StateRequest(commands.xinfoStream(streamKey), commands.xinfoGroups(streamKey));
    }

    /** The stream's and the group's counters now; null when Redis does not report them (before 7.0) or the group is gone. */
    public StreamState streamState() {
        return streamState(requestState());
    }

    /** The stream's and the group's counters of a request; null when Redis does not report them or the group is gone. */
    public StreamState streamState(StateRequest request) {
        java.util.Map<String, Object> stream = fields(unwrap(await(request.stream())));
        List<List<Object>> groups = groupsOf(await(request.groups()));
        if (!stream.containsKey("entries-added")) {
            return null;
        }
        String name = new String(group, StandardCharsets.UTF_8);
        for (List<Object> entry : groups) {
            java.util.Map<String, Object> info = fields(entry);
            if (!name.equals(text(info.get("name")))) {
                continue;
            }
            Object first = stream.get("first-entry");
            String firstId = first instanceof List<?> firstEntry && !firstEntry.isEmpty() ? text(firstEntry.get(0))
                    : null;
            Object lag = info.get("lag");
            return new StreamState(firstId, text(stream.get("last-generated-id")),
                    ((Number) stream.get("entries-added")).longValue(), ((Number) stream.get("length")).longValue(),
                    text(info.get("last-delivered-id")), lag instanceof Number number ? number.longValue() : null);
        }
        return null;
    }

    /** The groups of an {@code XINFO GROUPS} reply, each a flat list of names and values, however Lettuce nests them. */
    @SuppressWarnings("unchecked")
    static List<List<Object>> groupsOf(List<Object> reply) {
        if (reply.isEmpty()) {
            return List.of();
        }
        if (!(reply.get(0) instanceof List<?>)) {
            return List.of(reply);
        }
        if (reply.size() == 1 && reply.get(0) instanceof List<?> inner && !inner.isEmpty()
                && inner.get(0) instanceof List<?>) {
            reply = (List<Object>) inner;
        }
        List<List<Object>> groups = new ArrayList<>();
        for (Object group : reply) {
            if (group instanceof List<?> list) {
                groups.add((List<Object>) list);
            }
        }
        return groups;
    }

    /** A flat list of names and values (or a RESP3 map, which Lettuce gives flat too) by name. */
    static java.util.Map<String, Object> fields(List<Object> reply) {
        java.util.Map<String, Object> fields = new java.util.HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            fields.put(text(reply.get(i)), reply.get(i + 1));
        }
        return fields;
    }

    /** {@code XACK} of handled entries. */
    public void acknowledge(List<String> ids) {
        if (!ids.isEmpty()) {
            await(commands.xack(streamKey, group, ids.toArray(String[]::new)));
        }
    }

    /**
     * Appends a dead-letter entry to {@code deadLetterStream}; returns its id.
     *
     * @throws RedisBusException when the key exists and is not a stream
     */
    public String deadLetter(String deadLetterStream, Object[] fields) {
        try {
            return await(commands.xadd(StreamEntries.bytes(deadLetterStream), fields));
        } catch (RedisCommandExecutionException e) {
            throw wrongType(deadLetterStream, e);
        }
    }

    /**
     * Ends a blocking read of this connection early, from another connection ({@code CLIENT
     * UNBLOCK ... TIMEOUT}): the read returns as if nothing arrived. Returns whether a read
     * was blocked.
     */
    public boolean unblock() {
        try (StatefulRedisConnection<byte[], byte[]> other = client.connect()) {
            return await(other.async().clientUnblock(clientId, UnblockType.TIMEOUT)) == 1L;
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    static List<Object> unwrap(List<Object> reply) {
        // Lettuce's nested output wraps the top-level array in one more list.
        if (reply.size() == 1 && reply.get(0) instanceof List<?> inner) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) inner;
            return list;
        }
        return reply;
    }

    static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** The result of a command, its failure rethrown as the Redis exception it is. */
    static <T> T await(RedisFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RedisException("Interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RedisException(String.valueOf(cause), cause);
        }
    }
}
