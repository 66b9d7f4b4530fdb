package org.openedx.events.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The outbox as gauges on a Micrometer registry (the {@code micrometer-core} dependency is the
 * application's): {@value #ROWS} (rows not yet published), {@value #PARKED} (rows parked: their
 * topics' relays wait) and {@value #OLDEST_AGE} (seconds the oldest row has waited; 0 when none
 * waits). One status query serves every gauge read within a second.
 */
public final class OutboxMetrics {

    public static final String ROWS = "openedx.events.outbox.rows";
    public static final String PARKED = "openedx.events.outbox.parked";
    public static final String OLDEST_AGE = "openedx.events.outbox.oldest.age";

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final OutboxAdmin admin;
    private final Clock clock;
    private List<OutboxTopicStatus> status = List.of();
    private long nextReadMillis = Long.MIN_VALUE;

    private OutboxMetrics(OutboxAdmin admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** Registers the gauges of the outbox {@code admin} reads. */
    public static OutboxMetrics bind(MeterRegistry registry, OutboxAdmin admin, Clock clock) {
        OutboxMetrics metrics = new OutboxMetrics(admin, clock);
        gauge(registry, ROWS, "rows", "Outbox rows not yet published", metrics,
                m -> m.status().stream().mapToLong(OutboxTopicStatus::rows).sum());
        gauge(registry, PARKED, "rows", "Outbox rows parked; their topics' relays wait", metrics,
                m -> m.status().stream().mapToLong(OutboxTopicStatus::parked).sum());
        gauge(registry, OLDEST_AGE, "seconds", "How long the oldest outbox row has waited", metrics,
                m -> m.status().stream().mapToLong(s -> s.oldestAge().toMillis()).max().orElse(0) / 1000.0);
        return metrics;
    }

    private static void gauge(MeterRegistry registry, String name, String unit, String description,
                              OutboxMetrics metrics, ToDoubleFunction<OutboxMetrics> value) {
        // Held strongly: the registry is the only one that keeps the metrics.
        Gauge.builder(name, metrics, value).strongReference(true).baseUnit(unit).description(description).register(registry);
    }

    private synchronized List<OutboxTopicStatus> status() {
        long now = clock.millis();
        if (now >= nextReadMillis) {
            status = admin.status();
            nextReadMillis = now + FRESH_FOR.toMillis();
        }
        return status;
    }
}
