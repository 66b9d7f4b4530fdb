package org.openedx.events.bus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openedx.events.EventBusException;
import org.openedx.events.EventData;
import org.openedx.events.SignalRegistry;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.HealthState;
import org.openedx.events.bus.OutboxWriter;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerHealth;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.bus.ProducerStats;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.bus.spi.Backlog;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.settings.Secrets;
import org.openedx.events.wire.EventEnvelope;
import org.openedx.events.wire.EventKeys;
import org.openedx.events.wire.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer of every backend: finds the key at {@code event_key_field} (where the backend has
 * keys), encodes the data once,
 * hands both to the transport, and counts, logs and reports each outcome. A failure (a key path
 * that does not resolve, data that does not encode, a backend that does not take the event in
 * time) is logged with the event's data and metadata as JSON, enough to send it again. Closing,
 * or the JVM's exit when the application does not close it, waits for the events in flight.
 * With a tracing plug-in active, each send's trace context goes with the event and the send's
 * trace hears its outcome. An outbox encodes with this producer and its relay publishes the stored
 * bytes through it ({@link StoredEventProducer}).
 */
public final class PipelineProducer implements StoredEventProducer, ProducerTransport.WriteCallback {

    /** Where a traced send written to the outbox says the event is: not yet on the bus. */
    private static final String OUTBOX_POSITION = "outbox";

    private final ProducerInfo info;
    private final String label;
    private final ProducerTransport transport;
    private final EventCodec codec;
    private final BackendContext context;
    private final DeliveryListener listener;
    private final EventTracing tracing;
    private final boolean auditLogging;
    private final boolean usesKeys;
    private final Logger log;
    /** The topic as callers name it (usually the same string each time, its hash kept) to the topic on the bus. */
    private final Map<String, String> fullTopics = new ConcurrentHashMap<>();
    private final Map<String, EventKeys.Path> keyPaths = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong failedReported = new AtomicLong();
    private final Object idle = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile int flushing;
    // Health: written as events are confirmed or fail (a plain volatile store each), read by health().
    private volatile HealthState state = HealthState.STARTING;
    private volatile String reason;
    private volatile long lastDeliveryMillis = -1;

    public PipelineProducer(String system, ProducerTransport transport, EventCodec codec, BackendContext context,
                            DeliveryListener listener, boolean auditLogging) {
        this(system, transport, codec, context, listener, EventTracing.NONE, auditLogging);
    }

    public PipelineProducer(String system, ProducerTransport transport, EventCodec codec, BackendContext context,
                            DeliveryListener listener, EventTracing tracing, boolean auditLogging) {
        this.info = new ProducerInfo(system, context.topicPrefix());
        this.tracing = tracing;
        this.label = PipelineConsumer.label(system);
        this.transport = transport;
        this.codec = codec;
        this.context = context;
        this.listener = listener;
        this.auditLogging = auditLogging;
        this.usesKeys = transport.usesKeys();
        this.log = LoggerFactory.getLogger("org.openedx.events." + system + ".producer");
        this.shutdownHook = new Thread(this::closeAtExit, system + "-producer-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void send(OutgoingEvent event) {
        long start = System.nanoTime();
        sent.incrementAndGet();
        listener.sending(info, event);
        String fullTopic = fullTopics.computeIfAbsent(event.topic(), context::fullTopic);
        EncodedEvent encoded;
        try {
            if (closed.get()) {
                throw closedException();
            }
            encoded = encode(event, fullTopic, start);
        } catch (RuntimeException e) {
            failed(new EncodedEvent(event, fullTopic, null, null, start), e);
            return;
        }
        EventTracing.SendTrace trace = tracing == EventTracing.NONE ? null : tracing.send(info, event, fullTopic);
        if (trace != null) {
            write(new EncodedEvent(event, fullTopic, encoded.key(), encoded.value(), start, trace.carried()),
                    new Traced(trace));
        } else {
            write(encoded, this);
        }
    }

    private EncodedEvent encode(OutgoingEvent event, String fullTopic, long start) {
        Object key = null;
        if (usesKeys && event.eventKeyField() != null) {
            key = keyPaths.computeIfAbsent(event.eventKeyField(), EventKeys::path).extract(event.data());
        }
        return new EncodedEvent(event, fullTopic, key, codec.serialize(event.signal(), event.data()), start);
    }

    private EventBusException closedException() {
        return new EventBusException("The " + label + " producer is closed");
    }

    @Override
    public StoredEvent encode(OutgoingEvent event) {
        EncodedEvent encoded = encode(event, fullTopics.computeIfAbsent(event.topic(), context::fullTopic),
                System.nanoTime());
        return new StoredEvent(event.topic(), encoded.fullTopic(), event.eventKeyField(),
                new EventEnvelope(event.metadata(), encoded.keyText(), encoded.value()));
    }

    /**
     * Encodes and writes the event to the outbox; with tracing, as a traced send that ends when
     * the outbox has the event (the relay's publishing later is not a span of the sender's trace,
     * though the context it publishes is this send's).
     */
    @Override
    public void store(OutgoingEvent event, OutboxWriter outbox) {
        StoredEvent stored = encode(event);
        EventTracing.SendTrace trace = tracing == EventTracing.NONE ? null
                : tracing.send(info, event, stored.fullTopic());
        if (trace == null) {
            outbox.write(stored);
            return;
        }
        try {
            outbox.write(stored.withTraceContext(trace.carried()));
        } catch (RuntimeException e) {
            trace.failed(e);
            throw e;
        }
        trace.delivered(OUTBOX_POSITION);
    }

    /**
     * Publishes a stored event's bytes as they are. Its outgoing event has empty data: transports
     * read the signal (Kafka's schemas), the metadata and the bytes, never the data, and a failure
     * is logged without it because the event stays where it was stored, for another try.
     */
    @Override
    public CompletionStage<String> send(StoredEvent stored) {
        long start = System.nanoTime();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        EventEnvelope envelope = stored.envelope();
        OutgoingEvent event;
        try {
            if (closed.get()) {
                throw closedException();
            }
            event = new OutgoingEvent(SignalRegistry.get(envelope.metadata().eventType()), stored.topic(),
                    stored.eventKeyField(), EventData.empty(), envelope.metadata());
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
            return outcome;
        }
        sent.incrementAndGet();
        listener.sending(info, event);
        write(new EncodedEvent(event, stored.fullTopic(), envelope.key(), envelope.eventData(), start,
                stored.traceContext()), new Stored(outcome));
        return outcome;
    }

    private void write(EncodedEvent encoded, ProducerTransport.WriteCallback callback) {
        try {
            transport.write(encoded, callback);
        } catch (RuntimeException e) {
            callback.failed(encoded, e);
        }
    }

    /** The callback of a traced send: its trace hears the outcome, then the pipeline. */
    private final class Traced implements ProducerTransport.WriteCallback {
        private final EventTracing.SendTrace trace;

        Traced(EventTracing.SendTrace trace) {
            this.trace = trace;
        }

        @Override
        public void delivered(EncodedEvent event, String position) {
            trace.delivered(position);
            PipelineProducer.this.delivered(event, position);
        }

        @Override
        public void failed(EncodedEvent event, Throwable error) {
            trace.failed(error);
            PipelineProducer.this.failed(event, error);
        }
    }

    /** The callback of a stored event's send: the caller hears the outcome. */
    private final class Stored implements ProducerTransport.WriteCallback {
        private final CompletableFuture<String> outcome;

        Stored(CompletableFuture<String> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void delivered(EncodedEvent event, String position) {
            PipelineProducer.this.delivered(event, position);
            outcome.complete(position);
        }

        @Override
        public void failed(EncodedEvent event, Throwable error) {
            countFailure(event, error);
            log.warn("Error delivering stored message to {} event bus, kept for another try. error={} "
                            + "full_topic='{}' message_id={} signal={}", label, error, event.fullTopic(),
                    event.event().metadata().id(), event.event().signal());
            listener.sendFailed(info, event.event(), error);
            settled();
            outcome.completeExceptionally(error);
        }
    }

    @Override
    public void delivered(EncodedEvent event, String position) {
        delivered.incrementAndGet();
        lastDeliveryMillis = context.clock().millis();
        if (state != HealthState.RUNNING && !closed.get()) {
            reason = null;
            state = HealthState.RUNNING;
        }
        listener.delivered(info, event.event(), position, System.nanoTime() - event.sentNanos());
        if (auditLogging && log.isInfoEnabled()) {
            log.info("Message delivered to {} event bus: topic={}, message_id={}, signal={}, position={}", label,
                    event.fullTopic(), event.event().metadata().id(), event.event().signal(), position);
        }
        settled();
    }

    @Override
    public void failed(EncodedEvent event, Throwable error) {
        countFailure(event, error);
        OutgoingEvent sent = event.event();
        log.error("Error delivering message to {} event bus. error={} full_topic='{}' event_key={} signal={} "
                        + "initial_topic='{}' event_key_field='{}' event_data_as_json={} event_metadata_as_json={}", label,
                error, event.fullTopic(), event.key() == null ? "None" : "'" + event.keyText() + "'", sent.signal(),
                sent.topic(), sent.eventKeyField(), codec.toJson(sent.signal(), sent.data()), sent.metadata().toJson());
        log.debug("The stack trace of: {}", error.toString(), error);
        listener.sendFailed(info, sent, error);
        settled();
    }

    private void countFailure(EncodedEvent event, Throwable error) {
        failed.incrementAndGet();
        if (event.value() != null && !closed.get()) {
            // The backend failed an encoded event (one that did not encode says nothing of the backend).
            reason = Secrets.maskUrlPasswords(String.valueOf(error));
            state = HealthState.RECONNECTING;
        }
    }

    private long pending() {
        return sent.get() - delivered.get() - failed.get();
    }

    private void settled() {
        if (flushing > 0 && pending() <= 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            flushing++;
            try {
                long left;
                while (pending() > 0 && (left = deadline - System.nanoTime()) > 0) {
                    idle.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                flushing--;
            }
        }
        long failures = failed.get();
        return pending() <= 0 & failedReported.getAndSet(failures) == failures;
    }

    @Override
    public ProducerHealth health() {
        long last = lastDeliveryMillis;
        HealthState now = state;
        String why = now == HealthState.RUNNING ? null : reason;
        Backlog backlog = transport.backlog();
        if (backlog.problem() != null && (now == HealthState.RUNNING || now == HealthState.STARTING)) {
            // What the transport holds does not reach the backend: the producer is as good as disconnected.
            now = HealthState.RECONNECTING;
            why = backlog.problem();
        }
        return new ProducerHealth(info, now, why, now == HealthState.RUNNING, last < 0 ? null : Instant.ofEpochMilli(last),
                Math.max(0, pending()) + backlog.events());
    }

    @Override
    public ProducerStats stats() {
        long failures = failed.get();
        long confirmed = delivered.get();
        long taken = sent.get();
        return new ProducerStats(taken, confirmed, failures, Math.max(0, taken - confirmed - failures));
    }

    /** Waits up to the backend's delivery timeout for the events in flight, then releases the transport. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs (or ran) this
        }
        closeAtExit();
    }

    private void closeAtExit() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        state = HealthState.STOPPED;
        Duration timeout = transport.deliveryTimeout();
        long inFlight = pending();
        if (inFlight > 0) {
            log.info("Closing the {} producer: waiting up to {} s for {} event(s) in flight", label,
                    timeout.toSeconds(), inFlight);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        flush(timeout);
        transport.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}
