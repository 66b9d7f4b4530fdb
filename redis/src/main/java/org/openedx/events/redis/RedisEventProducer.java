package org.openedx.events.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.redis.internal.RedisClientHandle;
import org.openedx.events.redis.internal.StreamSender;
import org.openedx.events.redis.internal.StreamSender.OutgoingEvent;
import org.openedx.events.wire.PythonJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events to Redis streams as edx-event-bus-redis does ({@code XADD <stream> MAXLEN ~
 * N * type … event_data …}), without making the caller wait for a round trip: {@link #send}
 * encodes the event and queues it, and the entries are pipelined, in order per stream. A
 * lost connection is re-opened and the unconfirmed entries sent again, in order (at least
 * once). A send that fails (Redis unreachable beyond the delivery timeout or the buffer,
 * data that does not encode) is logged with the event data and metadata as JSON, enough to
 * send it again, and counted; {@link #flush} reports it. {@link #close()} and a JVM shutdown
 * hook wait for what is in flight.
 */
public final class RedisEventProducer implements EventBusProducer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventProducer.class);

    private final RedisSettings settings;
    private final AvroEventSerializer serializer;
    private final RedisClientHandle client;
    private final StreamSender sender;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong failuresSinceFlush = new AtomicLong();

    /** Connects in the background: a Redis that is down delays events, it does not fail the start. */
    public RedisEventProducer(RedisSettings settings, AvroEventSerializer serializer) {
        this.settings = settings;
        this.serializer = serializer;
        this.client = RedisClientHandle.forProducer(settings.connectionUrl());
        this.sender = new StreamSender(client, settings.streamMaxLen(), settings.deliveryTimeout(),
                settings.maxPending(), new Outcomes());
        this.shutdownHook = new Thread(() -> flush(settings.deliveryTimeout()), "redis-event-producer-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Queues the event for its stream; never throws. It waits only when Redis is slower than
     * the senders (a few thousand entries unconfirmed): backpressure, up to the delivery timeout.
     */
    @Override
    public void send(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData eventData,
                     EventsMetadata metadata) {
        String stream = settings.stream(topic);
        byte[] bytes = null;
        try {
            bytes = serializer.serialize(signal, eventData);
            OutgoingEvent event = new OutgoingEvent(signal, topic, stream, eventKeyField, eventData, metadata, bytes,
                    sender.encode(stream, metadata, bytes), System.nanoTime());
            if (!sender.submit(event)) {
                failed(event, new RedisBusException(closed.get() ? "The producer is closed"
                        : settings.maxPending() + " events already wait for Redis at " + settings.connectionUrl()
                        + " (EVENT_BUS_REDIS_PRODUCER_MAX_PENDING), which is unreachable or slower than the senders"));
            }
        } catch (RuntimeException e) {
            failed(new OutgoingEvent(signal, topic, stream, eventKeyField, eventData, metadata, bytes, null,
                    System.nanoTime()), e);
        }
    }

    /**
     * Waits until every event sent so far is in Redis or has failed.
     *
     * @return whether all were delivered in time and none failed since the last flush
     */
    @Override
    public boolean flush(Duration timeout) {
        boolean done = sender.awaitDelivery(timeout);
        return failuresSinceFlush.getAndSet(0) == 0 && done;
    }

    /** Events Redis confirmed. */
    public long delivered() {
        return delivered.get();
    }

    /** Events that could not be delivered (each logged with its data and metadata). */
    public long failures() {
        return failures.get();
    }

    /** Events taken and not yet confirmed or failed. */
    public long inFlight() {
        return sender.inFlight();
    }

    /** Waits up to the delivery timeout for events in flight, then closes the connection. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook is running or has run
        }
        sender.close(settings.deliveryTimeout());
        client.close();
    }

    private void failed(OutgoingEvent event, Throwable error) {
        failures.incrementAndGet();
        failuresSinceFlush.incrementAndGet();
        LOG.error("Error delivering message to Redis event bus. error={} full_topic='{}' event_key=None signal={} "
                        + "initial_topic='{}' event_key_field='{}' event_data={} event_metadata={}", error.getMessage(),
                event.stream(), event.signal(), event.topic(), event.eventKeyField(), dataJson(event),
                event.metadata().toJson(), error);
    }

    /** The data as JSON in the Avro record shape, which {@code produce --data} takes back. */
    private String dataJson(OutgoingEvent event) {
        try {
            byte[] bytes = event.eventData() != null ? event.eventData()
                    : serializer.serialize(event.signal(), event.data());
            return PythonJson.dumps(serializer.deserializeGeneric(event.signal(), bytes), false);
        } catch (RuntimeException e) {
            return String.valueOf(event.data());
        }
    }

    private final class Outcomes implements StreamSender.Listener {
        @Override
        public void delivered(OutgoingEvent event, String entryId) {
            delivered.incrementAndGet();
            if (settings.auditLoggingEnabled() && LOG.isInfoEnabled()) {
                LOG.info("Message delivered to Redis event bus: topic={}, message_id={}, signal={}, redis_msg_id=b'{}'",
                        event.stream(), event.metadata().id(), event.signal(), entryId);
            }
        }

        @Override
        public void failed(OutgoingEvent event, Throwable error) {
            RedisEventProducer.this.failed(event, error);
        }
    }
}
