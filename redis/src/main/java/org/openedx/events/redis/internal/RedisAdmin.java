package org.openedx.events.redis.internal;

import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.openedx.events.EventBusException;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.EnvelopeDecoder;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.GroupInfo;
import org.openedx.events.bus.spi.GroupMove;
import org.openedx.events.bus.spi.GroupTarget;
import org.openedx.events.bus.spi.StoredMessage;
import org.openedx.events.bus.spi.TopicInfo;
import org.openedx.events.redis.RedisSettings;
import org.openedx.events.wire.MetadataCodec;

/**
 * Stream and group operations on Redis. A group moves with {@code XGROUP SETID} while its
 * consumers run: their pending entries stay pending, and their next read starts at the new
 * position. A stream trimmed by {@code MAXLEN} no longer holds what it trimmed: a group cannot
 * be moved before its first entry, and {@link #groups} notes a group that lost entries so.
 */
public final class RedisAdmin implements BusAdmin {

    private static final int PAGE = 1000;
    private static final Set<String> LETTER_FIELDS = Set.of(DeadLetter.ERROR_TYPE, DeadLetter.ERROR,
            DeadLetter.ATTEMPTS, DeadLetter.ORIGINAL_TOPIC, DeadLetter.ORIGINAL_POSITION, DeadLetter.CONSUMER_GROUP,
            DeadLetter.CONSUMER_NAME, DeadLetter.DEAD_LETTERED_AT);

    private final RedisSettings settings;
    private final RedisClientHandle client;
    private final EnvelopeDecoder decoder;
    private StatefulRedisConnection<byte[], byte[]> connection;

    public RedisAdmin(RedisSettings settings, EventCodec codec) {
        this.settings = settings;
        this.client = RedisClientHandle.forProducer(settings.connectionUrl());
        this.decoder = new EnvelopeDecoder(MetadataCodec.BARE_FIELDS, false, codec);
    }

    private RedisCommands<byte[], byte[]> redis() {
        if (connection == null) {
            try {
                connection = client.connect();
            } catch (RedisException e) {
                throw new EventBusException("Cannot reach Redis at " + settings.connectionUrl() + ": " + e, e);
            }
        }
        return connection.sync();
    }

    /** Runs a command, naming what failed and where. */
    private <T> T on(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new EventBusException("Cannot " + what + " on Redis at " + settings.connectionUrl() + ": " + e, e);
        }
    }

    @Override
    public boolean topicExists(String fullTopic) {
        return on("look for stream '" + fullTopic + "'", () -> redis().exists(key(fullTopic)) > 0);
    }

    /** {@code XGROUP DESTROY}; a missing stream has no group. */
    @Override
    public boolean deleteGroup(String fullTopic, String group) {
        try {
            return redis().xgroupDestroy(key(fullTopic), key(group));
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).contains("requires the key to exist")) {
                return false;
            }
            throw new EventBusException("Cannot delete group '" + group + "' of stream '" + fullTopic + "': " + e, e);
        } catch (RedisException e) {
            throw new EventBusException("Cannot delete group '" + group + "' of stream '" + fullTopic + "' on Redis at "
                    + settings.connectionUrl() + ": " + e, e);
        }
    }

    /** The streams whose keys start with the prefix ({@code SCAN ... TYPE stream}). */
    @Override
    public List<TopicInfo> topics(String prefix) {
        return on("list the streams", () -> {
            List<String> names = new ArrayList<>();
            KeyScanArgs args = KeyScanArgs.Builder.type("stream");
            args.match(globEscaped(prefix) + "*");
            args.limit(PAGE);
            ScanIterator.scan(redis(), args).forEachRemaining(name -> names.add(text(name)));
            names.sort(null);
            List<TopicInfo> topics = new ArrayList<>();
            for (String name : names) {
                byte[] key = key(name);
                long length = redis().xlen(key);
                List<StreamMessage<byte[], byte[]>> first = redis().xrange(key, Range.create("-", "+"), Limit.from(1));
                List<StreamMessage<byte[], byte[]>> last = redis().xrevrange(key, Range.create("-", "+"), Limit.from(1));
                topics.add(new TopicInfo(name, length, first.isEmpty() ? null : first.get(0).getId(),
                        last.isEmpty() ? null : last.get(0).getId()));
            }
            return topics;
        });
    }

    private static String globEscaped(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** {@code XINFO GROUPS} and {@code XINFO CONSUMERS}; a group that lost trimmed entries is noted. */
    @Override
    public List<GroupInfo> groups(String fullTopic) {
        return on("list the groups of stream '" + fullTopic + "'", () -> {
            if (redis().exists(key(fullTopic)) == 0) {
                return List.of();
            }
            List<StreamMessage<byte[], byte[]>> first = redis().xrange(key(fullTopic), Range.create("-", "+"),
                    Limit.from(1));
            String firstId = first.isEmpty() ? null : first.get(0).getId();
            long length = redis().xlen(key(fullTopic));
            List<GroupInfo> groups = new ArrayList<>();
            for (List<Object> entry : GroupConnection.groupsOf(redis().xinfoGroups(key(fullTopic)))) {
                Map<String, Object> info = GroupConnection.fields(entry);
                String name = GroupConnection.text(info.get("name"));
                String delivered = GroupConnection.text(info.get("last-delivered-id"));
                Long redisLag = info.get("lag") instanceof Number number ? number.longValue() : null;
                String note = null;
                long lag;
                if (firstId != null && RedisConsumerTransport.compareIds(delivered, firstId) < 0 && redisLag != null
                        && redisLag > length) {
                    note = (redisLag - length) + " entries were trimmed (MAXLEN) before the group read them; "
                            + "they are lost and cannot be replayed";
                    lag = length;
                } else {
                    lag = redisLag != null ? redisLag : countAfter(fullTopic, delivered);
                }
                long pending = info.get("pending") instanceof Number number ? number.longValue() : 0;
                groups.add(new GroupInfo(name, delivered, OptionalLong.of(lag), OptionalLong.of(pending),
                        consumers(fullTopic, name), note));
            }
            groups.sort((a, b) -> a.group().compareTo(b.group()));
            return groups;
        });
    }

    private List<String> consumers(String fullTopic, String group) {
        List<String> names = new ArrayList<>();
        for (List<Object> consumer : GroupConnection.groupsOf(redis().xinfoConsumers(key(fullTopic), key(group)))) {
            names.add(GroupConnection.text(GroupConnection.fields(consumer).get("name")));
        }
        return names;
    }

    /** The entries after an id, counted page by page: what Redis cannot tell after a move or a deletion. */
    private long countAfter(String fullTopic, String id) {
        long count = 0;
        String after = id;
        while (true) {
            List<StreamMessage<byte[], byte[]>> page = redis().xrange(key(fullTopic),
                    Range.create("(" + after, "+"), Limit.from(PAGE));
            count += page.size();
            if (page.size() < PAGE) {
                return count;
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    @Override
    public List<StoredMessage> read(String fullTopic, int limit) {
        return on("read stream '" + fullTopic + "'", () -> redis().xrange(key(fullTopic), Range.create("-", "+"),
                Limit.from(limit)).stream().map(this::stored).toList());
    }

    private StoredMessage stored(StreamMessage<byte[], byte[]> entry) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        entry.getBody().forEach((name, value) -> fields.put(text(name), value));
        DeadLetter letter = StreamEntries.letter(entry.getBody()).orElse(null);
        return new StoredMessage(entry.getId(), Instant.ofEpochMilli(millisOf(entry.getId())),
                fields.containsKey("type") ? text(fields.get("type")) : null,
                fields.containsKey("id") ? text(fields.get("id")) : null, fields.get(StreamEntries.EVENT_DATA), letter,
                StreamEntries.decode(entry.getBody(), decoder));
    }

    /**
     * {@code XADD} of the dead letter's fields, in order, without its attributes, trimmed as the
     * producer trims ({@code MAXLEN ~}).
     */
    @Override
    public String redrive(String deadLetterTopic, StoredMessage letter, String fullTopic) {
        return on("send a dead letter back to stream '" + fullTopic + "'", () -> {
            List<StreamMessage<byte[], byte[]>> found = redis().xrange(key(deadLetterTopic),
                    Range.create(letter.position(), letter.position()));
            if (found.isEmpty()) {
                throw new IllegalStateException("The dead letter " + letter.position() + " of " + deadLetterTopic
                        + " is gone (removed by another process?)");
            }
            Map<byte[], byte[]> body = new LinkedHashMap<>();
            found.get(0).getBody().forEach((name, value) -> {
                if (!LETTER_FIELDS.contains(text(name))) {
                    body.put(name, value);
                }
            });
            return redis().xadd(key(fullTopic), XAddArgs.Builder.maxlen(settings.streamMaxLen())
                    .approximateTrimming(), body);
        });
    }

    @Override
    public void remove(String fullTopic, Collection<StoredMessage> messages) {
        on("remove entries of stream '" + fullTopic + "'", () -> redis().xdel(key(fullTopic),
                messages.stream().map(StoredMessage::position).toArray(String[]::new)));
    }

    /**
     * {@code XGROUP SETID} to the entry before the target, with {@code ENTRIESREAD} so that Redis
     * goes on telling the group's lag.
     */
    @Override
    public GroupMove moveGroup(String fullTopic, String group, GroupTarget target) {
        GroupInfo before = groups(fullTopic).stream().filter(info -> info.group().equals(group)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Stream '" + fullTopic + "' has no group '" + group + "'"));
        return on("move group '" + group + "' of stream '" + fullTopic + "'", () -> {
            String id = lastBefore(fullTopic, target);
            long toHandle = countAfter(fullTopic, id);
            Map<String, Object> stream = GroupConnection.fields(GroupConnection.unwrap(redis().xinfoStream(key(fullTopic))));
            long added = ((Number) stream.get("entries-added")).longValue();
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).add("SETID")
                    .addKey(key(fullTopic)).add(key(group)).add(id).add("ENTRIESREAD").add(Math.max(0, added - toHandle));
            redis().dispatch(CommandType.XGROUP, new StatusOutput<>(ByteArrayCodec.INSTANCE), args);
            return new GroupMove(before.position(), id, toHandle);
        });
    }

    /** The id just before the first entry to handle. */
    private String lastBefore(String fullTopic, GroupTarget target) {
        List<StreamMessage<byte[], byte[]>> last = redis().xrevrange(key(fullTopic), Range.create("-", "+"),
                Limit.from(1));
        String lastId = last.isEmpty() ? "0-0" : last.get(0).getId();
        if (target instanceof GroupTarget.ToEnd) {
            return lastId;
        }
        if (target instanceof GroupTarget.FromTime from) {
            long millis = from.time().toEpochMilli();
            return millis == 0 ? "0-0" : (millis - 1) + "-" + Long.toUnsignedString(-1L);
        }
        String position = ((GroupTarget.FromPosition) target).position().trim();
        List<StreamMessage<byte[], byte[]>> first = redis().xrange(key(fullTopic), Range.create("-", "+"),
                Limit.from(1));
        long[] parts;
        try {
            parts = RedisConsumerTransport.idParts(position);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Position '" + position + "' is not a stream entry id (<ms>-<seq>)");
        }
        if (first.isEmpty() || RedisConsumerTransport.compareIds(position, first.get(0).getId()) < 0
                || RedisConsumerTransport.compareIds(position, lastId) > 0) {
            throw new IllegalArgumentException("Position " + position + " is out of range: stream '" + fullTopic
                    + "' holds " + (first.isEmpty() ? "no entries" : first.get(0).getId() + " to " + lastId)
                    + (first.isEmpty() ? "" : "; entries before the first were trimmed or never there"));
        }
        return parts[1] > 0 ? parts[0] + "-" + (parts[1] - 1)
                : parts[0] == 0 ? "0-0" : (parts[0] - 1) + "-" + Long.toUnsignedString(-1L);
    }

    /** {@code PING} and the server's version from {@code INFO server}. */
    @Override
    public List<String> reach() {
        return on("reach the server", () -> {
            redis().ping();
            String version = redis().info("server").lines().filter(line -> line.startsWith("redis_version:"))
                    .map(line -> line.substring("redis_version:".length()).trim()).findFirst().orElse("?");
            return List.of("Redis " + version + " at " + settings.connectionUrl()
                    + " (EVENT_BUS_REDIS_CONNECTION_URL)");
        });
    }

    private static long millisOf(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }

    private static byte[] key(String text) {
        return StreamEntries.bytes(text);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.close();
    }
}
