package org.openedx.events.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every consumer of {@code EVENT_BUS_CONSUMER_CONFIG} in one process, each on its own thread
 * with its own connection. When one of them ends with an error (its consecutive-errors limit,
 * a fatal backend error), the others are stopped cleanly and {@link #failure()} tells why, so
 * that the process can exit non-zero and its supervisor restart it.
 *
 * <pre>{@code
 * try (ConsumerWorkers workers = ConsumerWorkers.start(Settings.fromEnvironment())) {
 *     workers.await();
 * }
 * }</pre>
 */
public final class ConsumerWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerWorkers.class);

    private record Worker(ConsumerSpec spec, EventBusConsumer consumer, Thread thread) {
    }

    /** Why a consumer ended: names its topic and group. */
    public static final class ConsumerFailedException extends org.openedx.events.EventBusException {
        private final ConsumerSpec spec;

        ConsumerFailedException(ConsumerSpec spec, Throwable cause) {
            super("The consumer of topic '" + spec.topic() + "', group '" + spec.groupId() + "' stopped: "
                    + cause.getMessage(), cause);
            this.spec = spec;
        }

        public ConsumerSpec spec() {
            return spec;
        }
    }

    private final List<Worker> workers = new ArrayList<>();
    private final AtomicReference<ConsumerFailedException> failure = new AtomicReference<>();

    private ConsumerWorkers() {
    }

    /**
     * Starts a consumer for every enabled entry of {@code EVENT_BUS_CONSUMER_CONFIG}.
     *
     * @throws EventBusConfigurationException when no entry is enabled or a consumer cannot be created
     */
    public static ConsumerWorkers start(Settings settings) {
        List<ConsumerSpec> specs = EventBusSettings.from(settings).consumerConfig().enabledSpecs();
        if (specs.isEmpty()) {
            throw new EventBusConfigurationException("EVENT_BUS_CONSUMER_CONFIG has no enabled consumer");
        }
        return start(settings, specs);
    }

    /**
     * Starts one consumer per spec. All are created before any starts, so a bad option or
     * setting fails here and nothing runs.
     */
    public static ConsumerWorkers start(Settings settings, List<ConsumerSpec> specs) {
        return start(settings, specs, DeliveryListener.NONE, Clock.systemUTC());
    }

    /**
     * Starts one consumer per spec, each heard by the listener. All are created before any
     * starts, so a bad option or setting fails here and nothing runs.
     */
    public static ConsumerWorkers start(Settings settings, List<ConsumerSpec> specs, DeliveryListener listener,
                                        Clock clock) {
        return start(settings, specs, listener, EventTracing.fromSettings(settings), clock);
    }

    /**
     * Starts one consumer per spec, each heard by the listener and traced by {@code tracing}. All
     * are created before any starts, so a bad option or setting fails here and nothing runs.
     */
    public static ConsumerWorkers start(Settings settings, List<ConsumerSpec> specs, DeliveryListener listener,
                                        EventTracing tracing, Clock clock) {
        List<EventBusConsumer> created = new ArrayList<>();
        try {
            for (ConsumerSpec spec : specs) {
                created.add(EventBusBackends.consumer(settings, spec, listener, tracing, clock));
            }
        } catch (RuntimeException e) {
            created.forEach(EventBusConsumer::close);
            throw e;
        }
        ConsumerWorkers workers = new ConsumerWorkers();
        for (int i = 0; i < specs.size(); i++) {
            ConsumerSpec spec = specs.get(i);
            EventBusConsumer consumer = created.get(i);
            Thread thread = new Thread(() -> workers.run(spec, consumer),
                    "consumer-" + spec.topic() + "-" + spec.groupId());
            workers.workers.add(new Worker(spec, consumer, thread));
        }
        workers.workers.forEach(w -> w.thread().start());
        return workers;
    }

    private void run(ConsumerSpec spec, EventBusConsumer consumer) {
        try {
            consumer.consumeIndefinitely();
        } catch (RuntimeException | Error e) {
            ConsumerFailedException failed = new ConsumerFailedException(spec, e);
            LOG.error("{}; stopping the other consumers", failed.getMessage(), e);
            failure.compareAndSet(null, failed);
            stop();
        }
    }

    /** The topics and groups consumed. */
    public List<ConsumerSpec> specs() {
        return workers.stream().map(Worker::spec).toList();
    }

    /** What each consumer has done so far, in the order of {@link #specs()}. */
    public List<ConsumerStats> stats() {
        return workers.stream().map(w -> w.consumer().stats()).toList();
    }

    /** How each consumer is now, in the order of {@link #specs()}: healthy when every one runs and reaches its backend. */
    public WorkersHealth health() {
        return new WorkersHealth(workers.stream().map(w -> w.consumer().health()).toList());
    }

    /** The consumers, in the order of {@link #specs()}, for tools that watch them (metrics gauges). */
    public List<EventBusConsumer> consumers() {
        return workers.stream().map(Worker::consumer).toList();
    }

    /** Asks every consumer to finish the event in hand, commit and return. */
    public void stop() {
        workers.forEach(w -> w.consumer().stop());
    }

    /** Waits until every consumer has returned. */
    public void await() throws InterruptedException {
        for (Worker worker : workers) {
            worker.thread().join();
        }
    }

    /** Waits up to {@code timeout} in all; returns whether every consumer has returned. */
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Worker worker : workers) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                worker.thread().join(Math.max(1, left / 1_000_000));
            }
        }
        return workers.stream().noneMatch(w -> w.thread().isAlive());
    }

    /** The first consumer that ended with an error, if any. */
    public Optional<ConsumerFailedException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Stops every consumer, waits for them and releases their connections. */
    @Override
    public void close() {
        stop();
        try {
            await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.forEach(w -> w.consumer().close());
    }
}
