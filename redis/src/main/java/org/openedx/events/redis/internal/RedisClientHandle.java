package org.openedx.events.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openedx.events.redis.RedisConnectionUrl;

/**
 * A Lettuce client of its own for one producer or consumer, so that closing the owner
 * releases everything it started (Lettuce starts its threads as connections need them).
 */
final class RedisClientHandle implements AutoCloseable {

    /** How long a command other than a blocking read may take before the connection counts as broken. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisConnectionUrl url;

    private RedisClientHandle(RedisConnectionUrl url, String clientName, ClientOptions options) {
        this.url = url;
        this.resources = DefaultClientResources.create();
        RedisURI uri = url.toRedisUri();
        if (uri.getClientName() == null) {
            // Names the connection in CLIENT LIST, so that operators can tell consumers apart.
            uri.setClientName(clientName.replaceAll("\\s", "_"));
        }
        this.client = RedisClient.create(resources, uri);
        client.setOptions(options);
    }

    /**
     * A producer's client. The sender reconnects itself, so that it re-sends unconfirmed
     * events in order, and times its commands out itself, for all of them at once rather than
     * with a timer each.
     */
    public static RedisClientHandle forProducer(RedisConnectionUrl url) {
        return new RedisClientHandle(url, "openedx-events-producer", ClientOptions.builder()
                .autoReconnect(false)
                .useHashIndexQueue(false)
                .socketOptions(socketOptions(url))
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build());
    }

    /**
     * A consumer's client, its connections named {@code openedx-events-consumer:<name>}: no
     * automatic reconnection (the consumer reconnects itself, so that it knows to recover its
     * pending entries), and a blocking read may take its block time plus {@link #COMMAND_TIMEOUT}.
     */
    public static RedisClientHandle forConsumer(RedisConnectionUrl url, String consumerName, Duration block) {
        long readMillis = block.plus(COMMAND_TIMEOUT).toMillis();
        TimeoutOptions.TimeoutSource timeouts = new TimeoutOptions.TimeoutSource() {
            @Override
            public long getTimeout(RedisCommand<?, ?, ?> command) {
                return command != null && command.getType() == CommandType.XREADGROUP ? readMillis
                        : COMMAND_TIMEOUT.toMillis();
            }
        };
        return new RedisClientHandle(url, "openedx-events-consumer:" + consumerName, ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(socketOptions(url))
                .timeoutOptions(TimeoutOptions.builder().timeoutSource(timeouts).build())
                .build());
    }

    private static SocketOptions socketOptions(RedisConnectionUrl url) {
        return SocketOptions.builder().keepAlive(true).tcpNoDelay(true)
                .connectTimeout(url.connectTimeout() != null ? url.connectTimeout() : DEFAULT_CONNECT_TIMEOUT).build();
    }

    /**
     * Opens a connection.
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached or refuses the credentials
     */
    public StatefulRedisConnection<byte[], byte[]> connect() {
        return client.connect(ByteArrayCodec.INSTANCE);
    }

    /** The URL, password masked, for messages. */
    public String address() {
        return url.toString();
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
