package org.openedx.events.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.openedx.events.EventBusException;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.redis.RedisSettings;

/** Stream and group operations on Redis. */
public final class RedisAdmin implements BusAdmin {

    private final RedisSettings settings;
    private final RedisClientHandle client;
    private StatefulRedisConnection<byte[], byte[]> connection;

    public RedisAdmin(RedisSettings settings) {
        this.settings = settings;
        this.client = RedisClientHandle.forProducer(settings.connectionUrl());
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

    @Override
    public boolean topicExists(String fullTopic) {
        try {
            return redis().exists(StreamEntries.bytes(fullTopic)) > 0;
        } catch (RedisException e) {
            throw new EventBusException("Cannot look for stream '" + fullTopic + "' on Redis at "
                    + settings.connectionUrl() + ": " + e, e);
        }
    }

    /** {@code XGROUP DESTROY}; a missing stream has no group. */
    @Override
    public boolean deleteGroup(String fullTopic, String group) {
        try {
            return redis().xgroupDestroy(StreamEntries.bytes(fullTopic), StreamEntries.bytes(group));
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

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.close();
    }
}
