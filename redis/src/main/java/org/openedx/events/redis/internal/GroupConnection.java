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
 * dead letters. Every Redis failure is thrown as a {@link RedisException}; the caller
 * reconnects.
 */
public final class GroupConnection implements AutoCloseable {

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
            if (message.startsWith("WRONGTYPE")) {
                throw new RedisBusException("The key '" + stream + "' holds something other than a stream: " + message, e);
            }
            throw e;
        }
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

    /** This consumer's pending entries after {@code afterId}, oldest first; a trimmed entry has an empty body. */
    @SuppressWarnings("unchecked") // Lettuce takes the stream offsets as generic varargs
    public List<StreamMessage<byte[], byte[]>> readPending(String afterId, int count) {
        return await(commands.xreadgroup(consumer, XReadArgs.Builder.count(count),
                StreamOffset.from(streamKey, afterId)));
    }

    /**
     * New entries for this consumer, waiting up to {@code block} for the first; the
     * acknowledgements go in the same round trip, ahead of the read.
     */
    @SuppressWarnings("unchecked") // Lettuce takes the stream offsets as generic varargs
    public List<StreamMessage<byte[], byte[]>> readNew(int count, Duration block, List<String> acknowledge) {
        RedisFuture<Long> ack = acknowledge.isEmpty() ? null
                : commands.xack(streamKey, group, acknowledge.toArray(String[]::new));
        RedisFuture<List<StreamMessage<byte[], byte[]>>> read = commands.xreadgroup(consumer,
                XReadArgs.Builder.count(count).block(block), StreamOffset.lastConsumed(streamKey));
        if (ack != null) {
            await(ack);
        }
        return await(read);
    }

    /** {@code XACK} of handled entries. */
    public void acknowledge(List<String> ids) {
        if (!ids.isEmpty()) {
            await(commands.xack(streamKey, group, ids.toArray(String[]::new)));
        }
    }

    /** Appends a dead-letter entry to {@code deadLetterStream}; returns its id. */
    public String deadLetter(String deadLetterStream, Object[] fields) {
        return await(commands.xadd(StreamEntries.bytes(deadLetterStream), fields));
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

    private static List<Object> unwrap(List<Object> reply) {
        // Lettuce's nested output wraps the top-level array in one more list.
        if (reply.size() == 1 && reply.get(0) instanceof List<?> inner) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) inner;
            return list;
        }
        return reply;
    }

    private static String text(Object value) {
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
