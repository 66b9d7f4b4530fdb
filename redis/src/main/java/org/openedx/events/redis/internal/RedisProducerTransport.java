package org.openedx.events.redis.internal;

import java.time.Duration;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.redis.RedisBusException;
import org.openedx.events.redis.RedisSettings;

/**
 * Appends events to Redis streams as edx-event-bus-redis does ({@code XADD <stream> MAXLEN ~
 * N * type … event_data …}) without making the caller wait for a round trip: each write
 * encodes its command on the caller's thread and hands it to the {@link StreamSender}, which
 * pipelines the entries, in order per stream, re-sends them across reconnections, and reports
 * each entry id or failure to the write's callback.
 */
public final class RedisProducerTransport implements ProducerTransport {

    private final RedisSettings settings;
    private final RedisClientHandle client;
    private final StreamSender sender;

    /** Connects in the background: a Redis that is down delays events, it does not fail the start. */
    public RedisProducerTransport(RedisSettings settings) {
        this.settings = settings;
        this.client = RedisClientHandle.forProducer(settings.connectionUrl());
        this.sender = new StreamSender(client, settings.streamMaxLen(), settings.trimAckedOnly(),
                settings.deliveryTimeout(),
                settings.maxPending());
    }

    /** A stream entry has no key: upstream's Redis producer ignores {@code event_key_field}, and so does this one. */
    @Override
    public boolean usesKeys() {
        return false;
    }

    /**
     * Queues the event for its stream. It waits only when Redis is slower than the senders (a
     * few thousand entries unconfirmed): backpressure, up to the delivery timeout. While Redis
     * cannot be reached, events past {@code EVENT_BUS_REDIS_PRODUCER_MAX_PENDING} fail at once.
     */
    @Override
    public void write(EncodedEvent event, WriteCallback callback) {
        byte[] command;
        try {
            command = sender.encode(event.fullTopic(), event.event().metadata(), event.value(), event.traceContext());
        } catch (RuntimeException e) {
            callback.failed(event, e);
            return;
        }
        if (!sender.submit(new StreamSender.Outgoing(event, callback, command))) {
            callback.failed(event, sender.isClosed() ? new RedisBusException("The producer is closed")
                    : new TransportException(settings.maxPending() + " events already wait for Redis at "
                    + client.address() + " (EVENT_BUS_REDIS_PRODUCER_MAX_PENDING), which is unreachable or slower "
                    + "than the senders", null));
        }
    }

    /** The sender, for tests of this package. */
    StreamSender sender() {
        return sender;
    }

    /** {@code EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT}. */
    @Override
    public Duration deliveryTimeout() {
        return settings.deliveryTimeout();
    }

    /**
     * Stops taking events, waits up to {@code timeout} for those taken to be confirmed (what is
     * left then fails), and closes the connection.
     */
    @Override
    public void close(Duration timeout) {
        try {
            sender.close(timeout);
        } finally {
            client.close();
        }
    }
}
