package org.openedx.events.spring.boot.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.WorkersHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The consumers of {@code EVENT_BUS_CONSUMER_CONFIG} in the application's lifecycle: they start once
 * the application is ready (its receivers, data sources and web server are), and stop in Spring's
 * graceful-shutdown phase, each after the event in hand, before the beans their receivers use are
 * destroyed. Stopping runs on its own thread, so that it overlaps the web server's graceful shutdown
 * and is bounded by {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
public final class ConsumerWorkersLifecycle implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    /** The phase of the web server's graceful shutdown. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerWorkersLifecycle.class);

    private final EventBus bus;
    private final List<ConsumerSpec> specs;
    private final DeliveryListener listener;
    private final EventTracing tracing;
    private final Clock clock;
    private final List<EventBusObserver> observers;
    private final AtomicReference<ConsumerWorkers> workers = new AtomicReference<>();
    private volatile boolean running;

    ConsumerWorkersLifecycle(EventBus bus, List<ConsumerSpec> specs, DeliveryListener listener, EventTracing tracing,
                             Clock clock, List<EventBusObserver> observers) {
        this.bus = bus;
        this.specs = List.copyOf(specs);
        this.listener = listener;
        this.tracing = tracing;
        this.clock = clock;
        this.observers = List.copyOf(observers);
    }

    /** The topics and groups consumed once the application is ready. */
    public List<ConsumerSpec> specs() {
        return specs;
    }

    /** The running consumers; empty before the application is ready and after they stopped. */
    public Optional<ConsumerWorkers> workers() {
        return Optional.ofNullable(workers.get());
    }

    /** How each consumer is; empty before they start. */
    public Optional<WorkersHealth> health() {
        return workers().map(ConsumerWorkers::health);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!running || specs.isEmpty() || workers.get() != null) {
            return;
        }
        ConsumerWorkers started = ConsumerWorkers.start(bus.settings(), specs, listener, tracing, clock);
        workers.set(started);
        LOG.info("Consuming {}", specs.stream().map(s -> s.topic() + " (group " + s.groupId() + ")").toList());
        observers.forEach(observer -> observer.workersStarted(started));
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        ConsumerWorkers current = workers.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void stop(Runnable callback) {
        Thread stopping = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "openedx-events-consumers-stop");
        stopping.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
