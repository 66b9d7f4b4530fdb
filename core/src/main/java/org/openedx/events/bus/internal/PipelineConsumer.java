package org.openedx.events.bus.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openedx.events.EventBusException;
import org.openedx.events.bus.ConsecutiveErrorsLimitException;
import org.openedx.events.bus.ConsumerHealth;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.ConsumerStats;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.HealthState;
import org.openedx.events.bus.RetryPolicy;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.InboundBatch;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of every backend: the transport fetches, commits and writes dead letters; this
 * does the rest, in order, for each message: decode → emit to the receivers → on failure retry
 * with backoff (if the failure is worth it) → dead-letter after the last attempt → count towards
 * the consecutive-errors limit → audit log → counters and listener. A lost connection is waited
 * out with backoff and the transport connects again.
 *
 * <p>Progress is committed after each batch when 50 ms have passed since the last commit, when
 * the backend had nothing new, and when the consumer stops; the transport closes after a last
 * commit. The consumer's own thread runs everything except {@link #stop()}, {@link #stats()} and
 * {@link #health()}. Health is kept in a few fields written per fetch (not per event), and the
 * group's lag is asked of the transport every {@value #LAG_REFRESH_MILLIS} ms between batches.
 */
public final class PipelineConsumer implements EventBusConsumer {

    private static final long COMMIT_INTERVAL_NANOS = 50_000_000L;
    static final long LAG_REFRESH_MILLIS = 2_000;
    private static final long LAG_REFRESH_NANOS = LAG_REFRESH_MILLIS * 1_000_000L;

    private enum Outcome { HANDLED, DEAD_LETTERED, ABANDONED }

    private final ConsumerInfo info;
    private final String label;
    private final ConsumerTransport transport;
    private final DeliverySettings delivery;
    private final DeliveryListener listener;
    private final EventTracing tracing;
    private final Clock clock;
    private final ConsecutiveErrors errors;
    private final Logger log;
    private final long heartbeatNanos;
    private final Object wake = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopped;

    // Written by the consumer's thread only; read by any. Handled events are counted with an ordered
    // store, not a volatile one: a fence per event would cost more than the count is worth.
    private final AtomicLong handled = new AtomicLong();
    private volatile long retried;
    private volatile long deadLettered;
    private volatile long undecodable;
    private volatile long reconnects;
    // Health, written by the consumer's thread only: once per fetch at most, never per event.
    private volatile HealthState state = HealthState.STARTING;
    private volatile String reason;
    private volatile boolean connected;
    private volatile long lastPollMillis = -1;
    private volatile long lag = -1;

    // The consumer's thread only.
    private boolean uncommitted;
    private long lastCommitNanos;
    private long lastHeartbeatNanos;
    private long lastLagNanos;
    private int transportFailures;
    /** When the message in hand started: the time of the heartbeat check after it. */
    private long startNanos;
    private boolean reachedOnce;
    private boolean connectedOnce;
    private Throwable lastTransportFailure;
    private Throwable lastFailure;

    public PipelineConsumer(ConsumerInfo info, ConsumerTransport transport, DeliverySettings delivery,
                            DeliveryListener listener, Clock clock) {
        this(info, transport, delivery, listener, EventTracing.NONE, clock);
    }

    public PipelineConsumer(ConsumerInfo info, ConsumerTransport transport, DeliverySettings delivery,
                            DeliveryListener listener, EventTracing tracing, Clock clock) {
        this.info = info;
        this.tracing = tracing;
        this.label = label(info.system());
        this.transport = transport;
        this.delivery = delivery;
        this.listener = listener;
        this.clock = clock;
        this.errors = new ConsecutiveErrors(delivery.consecutiveErrorsLimit(), info.describe());
        this.log = LoggerFactory.getLogger("org.openedx.events." + info.system() + ".consumer");
        Duration heartbeat = transport.heartbeatInterval();
        this.heartbeatNanos = heartbeat == null ? Long.MAX_VALUE : Math.max(1, heartbeat.toNanos());
    }

    /** {@code redis} becomes {@code Redis}, as upstream's log lines name the bus. */
    static String label(String system) {
        return system.isEmpty() ? system : Character.toUpperCase(system.charAt(0)) + system.substring(1);
    }

    public ConsumerInfo info() {
        return info;
    }

    @Override
    public void consumeIndefinitely() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("The consumer of " + info.describe() + " has already run; make a new one");
        }
        if (!delivery.consumersEnabled()) {
            log.error("{} consumers not enabled, exiting.", label);
            ended(HealthState.STOPPED, "consumers not enabled (EVENT_BUS_CONSUMERS_ENABLED is false)");
            listener.stopped(info, null);
            close();
            return;
        }
        log.info("Running consumer for {'full_topic': '{}', 'consumer_group': '{}', 'consumer_name': '{}'}",
                info.fullTopic(), info.group(), info.consumerName());
        Throwable ended = null;
        try {
            run();
            if (!reachedOnce && lastTransportFailure != null) {
                throw new EventBusException("The consumer of " + info.describe() + " stopped without ever reaching "
                        + label + ": " + lastTransportFailure.getMessage(), lastTransportFailure);
            }
        } catch (RuntimeException | Error e) {
            ended = e;
            throw e;
        } finally {
            finish();
            ended(ended == null ? HealthState.STOPPED : HealthState.FAILED, ended == null ? null : causeText(ended));
            listener.stopped(info, ended);
            log.info("Stopped the consumer of {} ({} handled, {} retried, {} dead-lettered)", info.describe(),
                    handled.get(), retried, deadLettered);
        }
    }

    private void run() {
        lastCommitNanos = System.nanoTime();
        connect();
        refreshLagIfDue();
        while (!stopped) {
            InboundBatch batch;
            try {
                batch = transport.fetch();
            } catch (TransportException e) {
                transportFailed(e);
                connect();
                continue;
            }
            lastHeartbeatNanos = System.nanoTime();
            reached();
            handle(batch);
            int size = batch.size();
            if (uncommitted && (size == 0 || stopped || System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS)) {
                commit();
            }
            refreshLagIfDue();
        }
    }

    /** Asks the transport for the group's lag when it was last asked {@value #LAG_REFRESH_MILLIS} ms ago or more. */
    private void refreshLagIfDue() {
        long now = System.nanoTime();
        if (now - lastLagNanos < LAG_REFRESH_NANOS && lastLagNanos != 0) {
            return;
        }
        lastLagNanos = now;
        try {
            OptionalLong known = transport.lag();
            lag = known.isPresent() ? Math.max(0, known.getAsLong()) : -1;
        } catch (RuntimeException e) {
            // The lag only informs: a backend that cannot tell it now leaves it as it was, or unknown.
            if (!(e instanceof TransportException)) {
                lag = -1;
            }
            log.debug("Could not read the lag of the consumer of {}: {}", info.describe(), causeText(e));
        }
    }

    private void ended(HealthState end, String why) {
        reason = why == null ? null : Secrets.maskUrlPasswords(why);
        connected = false;
        state = end;
    }

    /** Connects, waiting out failures with backoff, until connected or stopped. */
    private void connect() {
        while (!stopped) {
            try {
                transport.connect();
                if (!connectedOnce) {
                    connectedOnce = true;
                    listener.started(info);
                }
                return;
            } catch (TransportException e) {
                transportFailed(e);
            }
        }
    }

    private void reached() {
        reachedOnce = true;
        lastPollMillis = clock.millis();
        if (state != HealthState.RUNNING) {
            reason = null;
            connected = true;
            state = HealthState.RUNNING;
        }
        if (transportFailures > 0) {
            transportFailures = 0;
            log.info("Reached {} again for the consumer of {}", label, info.describe());
            listener.connectionRestored(info);
        }
    }

    /** Counts, reports and waits out a backend failure. */
    private void transportFailed(TransportException e) {
        reconnects++;
        transportFailures++;
        lastTransportFailure = e;
        lostConnection(e);
        listener.connectionLost(info, e);
        Duration delay = delivery.reconnectDelay(transportFailures);
        log.error("Error consuming event from {}: {} in context full_topic='{}', consumer_group='{}', consumer_name='{}'"
                        + " -- no event available; trying again in {} ms", label, causeText(e), info.fullTopic(),
                info.group(), info.consumerName(), delay.toMillis());
        errors.error(e);
        pause(delay, null, -1);
    }

    private void lostConnection(TransportException e) {
        reason = Secrets.maskUrlPasswords(causeText(e));
        connected = false;
        if (state != HealthState.STARTING) {
            state = HealthState.RECONNECTING;
        }
    }

    private void handle(InboundBatch batch) {
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            if (stopped) {
                batch.release(i);
                return;
            }
            if (!batch.owned(i)) {
                continue;
            }
            Outcome outcome;
            try {
                outcome = deliver(batch, i);
            } catch (RuntimeException | Error e) {
                batch.release(i);
                throw e;
            }
            if (outcome == Outcome.ABANDONED) {
                if (stopped) {
                    batch.release(i);
                    return;
                }
                continue;
            }
            batch.done(i);
            uncommitted = true;
            if (outcome == Outcome.HANDLED) {
                errors.success();
            } else {
                try {
                    errors.error(lastFailure);
                } catch (ConsecutiveErrorsLimitException e) {
                    batch.release(i + 1);
                    throw e;
                }
            }
            heartbeatIfDue(startNanos);
        }
    }

    private Outcome deliver(InboundBatch batch, int index) {
        startNanos = System.nanoTime();
        DecodeResult result = batch.decode(index);
        for (int waits = 1; result instanceof DecodeResult.NotYetDecodable notYet; waits++) {
            Duration delay = delivery.reconnectDelay(waits);
            logError(notYet.error(), "the message cannot be decoded yet; trying again in "
                    + delay.toMillis() + " ms; " + batch.describe(index));
            errors.error(notYet.error());
            if (!pause(delay, batch, index)) {
                return Outcome.ABANDONED;
            }
            result = batch.decode(index);
        }
        if (result instanceof DecodeResult.Undecodable failed) {
            undecodable++;
            listener.undecodable(info, batch.position(index), failed.error());
            logError(failed.error(), "no event available (the message cannot be decoded); "
                    + batch.details(index));
            return deadLetter(batch, index, null, 0, failed.error(), null);
        }
        DecodeResult.Decoded event = (DecodeResult.Decoded) result;
        if (tracing == EventTracing.NONE) {
            return deliver(batch, index, event, null);
        }
        EventTracing.HandleTrace trace = tracing.handle(info, event, batch.position(index), batch.traceContext(index));
        if (trace == null) {
            return deliver(batch, index, event, null);
        }
        try {
            return deliver(batch, index, event, trace);
        } finally {
            trace.end();
        }
    }

    /** Emits a decoded event to the receivers, retrying, then dead-letters it; {@code trace} hears each step, if any. */
    private Outcome deliver(InboundBatch batch, int index, DecodeResult.Decoded event, EventTracing.HandleTrace trace) {
        listener.received(info, event);
        if (delivery.auditLogging() && log.isInfoEnabled()) {
            log.info("Message received from {}: topic={}, message_id={}, {}, event_timestamp_ms={}", label,
                    info.fullTopic(), event.metadata().id(), batch.describe(index),
                    pythonTimestamp(event.metadata().time()));
        }
        int maxAttempts = delivery.maxRetries() + 1;
        long start = startNanos;
        RuntimeException failure;
        int attempt = 1;
        while (true) {
            try {
                EventEmitter.emit(event.signal(), event.metadata(), event.data());
                handled.lazySet(handled.get() + 1);
                if (listener != DeliveryListener.NONE) {
                    listener.handled(info, event, attempt, System.nanoTime() - start);
                }
                if (delivery.auditLogging() && log.isInfoEnabled()) {
                    log.info("Message from {} processed successfully", label);
                }
                return Outcome.HANDLED;
            } catch (RuntimeException e) {
                failure = e;
                listener.attemptFailed(info, event, attempt, e);
                if (trace != null) {
                    trace.attemptFailed(attempt, e);
                }
            }
            if (attempt >= maxAttempts || !RetryPolicy.isRetriable(failure)) {
                break;
            }
            Duration delay = delivery.retryDelay(attempt);
            log.warn("Receivers of event {} at {} of {} failed (attempt {} of {}); trying again in {} ms: {}",
                    event.metadata().id(), batch.position(index), info.fullTopic(), attempt, maxAttempts,
                    delay.toMillis(), failure.getMessage());
            retried++;
            attempt++;
            listener.retrying(info, event, attempt, delay);
            if (trace != null) {
                trace.retrying(attempt, delay);
            }
            if (!pause(delay, batch, index)) {
                return Outcome.ABANDONED;
            }
        }
        logError(failure, batch.details(index) + ", event_metadata=" + event.metadata().toJson());
        return deadLetter(batch, index, event, attempt, failure, trace);
    }

    /**
     * Writes the message's dead letter, waiting out backend failures. A message of a dead-letter
     * topic is never dead-lettered again: it stays where it is, and the consumer goes on.
     */
    private Outcome deadLetter(InboundBatch batch, int index, DecodeResult.Decoded event, int attempts,
                               RuntimeException error, EventTracing.HandleTrace trace) {
        lastFailure = error;
        String position = batch.position(index);
        if (DeadLetter.isDeadLetterTopic(info.fullTopic())) {
            log.error("Giving up on the message at {} of the dead-letter topic {} after {} attempt(s); it stays there "
                    + "and is not dead-lettered again: {}", position, info.fullTopic(), attempts, error.toString());
            listener.gaveUp(info, event, position, attempts, error);
            return Outcome.DEAD_LETTERED;
        }
        DeadLetter letter = DeadLetter.of(error, attempts, info.fullTopic(), position, info.group(),
                transport.consumerName(), clock.instant());
        for (int failures = 1; ; failures++) {
            String written;
            try {
                written = transport.deadLetter(batch, index, letter);
            } catch (TransportException e) {
                reconnects++;
                lostConnection(e);
                listener.connectionLost(info, e);
                Duration delay = delivery.reconnectDelay(failures);
                log.error("Cannot write the message at {} of {} to the dead-letter topic {}; trying again in {} ms: {}",
                        position, info.fullTopic(), DeadLetter.topicOf(info.fullTopic()), delay.toMillis(),
                        causeText(e));
                errors.error(e);
                if (!pause(delay, batch, index)) {
                    return Outcome.ABANDONED;
                }
                try {
                    transport.connect();
                } catch (TransportException again) {
                    // the next write fails too, and is waited out the same way
                }
                continue;
            }
            deadLettered++;
            listener.deadLettered(info, event, position, written, attempts, error);
            if (trace != null) {
                trace.deadLettered(written, error);
            }
            log.error("Moved the message at {} of {} to the dead-letter topic {} as {} after {} attempt(s): {}", position,
                    info.fullTopic(), DeadLetter.topicOf(info.fullTopic()), written, attempts, error.toString());
            return Outcome.DEAD_LETTERED;
        }
    }

    private void commit() {
        try {
            transport.commit();
            uncommitted = false;
            lastCommitNanos = System.nanoTime();
            listener.committed(info);
        } catch (TransportException e) {
            transportFailed(e);
            connect();
        }
    }

    /** Commits what is done and releases the transport. */
    private void finish() {
        try {
            if (uncommitted) {
                transport.commit();
                listener.committed(info);
            }
        } catch (RuntimeException e) {
            log.warn("Could not commit before stopping the consumer of {}; the last events may be handled again: {}",
                    info.describe(), causeText(e));
        } finally {
            if (closed.compareAndSet(false, true)) {
                transport.close();
            }
        }
    }

    private void heartbeatIfDue(long now) {
        if (now - lastHeartbeatNanos < heartbeatNanos) {
            return;
        }
        lastHeartbeatNanos = now;
        try {
            transport.heartbeat();
        } catch (TransportException e) {
            log.warn("Heartbeat of the consumer of {} failed: {}", info.describe(), causeText(e));
        }
    }

    /**
     * Waits, sending heartbeats when due; returns false, early, when the consumer stops or no
     * longer owns the message in hand ({@code batch} null: no message in hand).
     */
    private boolean pause(Duration duration, InboundBatch batch, int index) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stopped) {
            if (batch != null && !batch.owned(index)) {
                return false;
            }
            long now = System.nanoTime();
            heartbeatIfDue(now);
            long left = deadline - now;
            if (left <= 0) {
                return true;
            }
            long waitNanos = Math.min(left, heartbeatNanos - (now - lastHeartbeatNanos));
            synchronized (wake) {
                if (stopped) {
                    break;
                }
                try {
                    wake.wait(Math.max(1, waitNanos / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
        }
        return false;
    }

    /**
     * One line with the cause; the stack trace at DEBUG, so that a command line shows one line per
     * failure (receivers' own exceptions are logged with theirs by the signal's robust send).
     */
    private void logError(Throwable error, String eventPart) {
        log.error("Error consuming event from {}: {} in context full_topic='{}', consumer_group='{}', "
                        + "consumer_name='{}' -- {}", label, error, info.fullTopic(), info.group(), info.consumerName(),
                eventPart);
        log.debug("The stack trace of: {}", error.toString(), error);
    }

    private static String causeText(Throwable e) {
        return e.getCause() != null && e.getMessage() != null && !e.getMessage().contains(String.valueOf(e.getCause()))
                ? e.getMessage() + " (" + e.getCause() + ")" : String.valueOf(e.getMessage());
    }

    /** Python's {@code repr(datetime.timestamp())}: seconds, a fraction only as long as needed. */
    static String pythonTimestamp(OffsetDateTime time) {
        long micros = time.getNano() / 1_000;
        if (micros == 0) {
            return time.toEpochSecond() + ".0";
        }
        String fraction = String.format("%06d", micros).replaceAll("0+$", "");
        return time.toEpochSecond() + "." + fraction;
    }

    /**
     * Asks the loop to return after the event in hand: a wait between retries ends at once, and
     * a blocked fetch is woken.
     */
    @Override
    public void stop() {
        stopped = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        transport.stopping();
    }

    @Override
    public ConsumerHealth health() {
        long polled = lastPollMillis;
        long known = lag;
        return new ConsumerHealth(info, state, reason, connected, polled < 0 ? null : Instant.ofEpochMilli(polled),
                known < 0 ? OptionalLong.empty() : OptionalLong.of(known));
    }

    @Override
    public ConsumerStats stats() {
        return new ConsumerStats(handled.get(), retried, deadLettered, undecodable, reconnects, errors.count());
    }

    /** Stops; releases the transport when the consumer never ran (else it releases it as it ends). */
    @Override
    public void close() {
        stop();
        if (!started.get() && closed.compareAndSet(false, true)) {
            transport.close();
        }
    }
}
