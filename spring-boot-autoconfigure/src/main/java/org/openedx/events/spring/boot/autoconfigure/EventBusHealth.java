package org.openedx.events.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openedx.events.bus.ConsumerHealth;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.HealthState;
import org.openedx.events.bus.ProducerHealth;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The bus's health for Actuator: one indicator for the producer and one per consumer, from their
 * own health. Running and reaching the backend is UP; reconnecting or failed is DOWN; stopped is
 * OUT_OF_SERVICE; not yet started (or, for the producer, no event sent yet) is UNKNOWN.
 */
final class EventBusHealth {

    private EventBusHealth() {
    }

    /**
     * The producer's indicator and each consumer's.
     *
     * @param producing whether the bus has a producer; without one (no {@code EVENT_BUS_PRODUCER}) there is
     *                  nothing to report, and a producer that is always stopped would take the application out of service
     */
    static CompositeHealthContributor contributor(EventBus bus, boolean producing, ConsumerWorkersLifecycle consumers) {
        Map<String, HealthContributor> contributors = new LinkedHashMap<>();
        if (producing) {
            contributors.put("producer", (HealthIndicator) () -> producer(bus.producer().health()));
        }
        List<ConsumerSpec> specs = consumers.specs();
        for (int i = 0; i < specs.size(); i++) {
            int index = i;
            ConsumerSpec spec = specs.get(i);
            contributors.put("consumer-" + spec.topic() + "-" + spec.groupId(), (HealthIndicator) () -> consumer(
                    consumers.health().map(h -> h.consumers().get(index))));
        }
        return CompositeHealthContributor.fromMap(contributors);
    }

    private static Health producer(ProducerHealth health) {
        Health.Builder builder = Health.status(status(health.state(), health.connected()))
                .withDetail("backend", health.producer().system())
                .withDetail("state", health.state().name())
                .withDetail("pending", health.pending());
        if (health.lastDelivery() != null) {
            builder.withDetail("lastDelivery", health.lastDelivery().toString());
        }
        if (health.reason() != null) {
            builder.withDetail("reason", health.reason());
        }
        return builder.build();
    }

    private static Health consumer(Optional<ConsumerHealth> current) {
        if (current.isEmpty()) {
            return Health.unknown().withDetail("state", "not started").build();
        }
        ConsumerHealth health = current.get();
        Health.Builder builder = Health.status(status(health.state(), health.connected()))
                .withDetail("state", health.state().name())
                .withDetail("connected", health.connected());
        health.lag().ifPresent(lag -> builder.withDetail("lag", lag));
        if (health.lastPoll() != null) {
            builder.withDetail("lastPoll", health.lastPoll().toString());
        }
        if (health.reason() != null) {
            builder.withDetail("reason", health.reason());
        }
        return builder.build();
    }

    private static Status status(HealthState state, boolean connected) {
        return switch (state) {
            case RUNNING -> connected ? Status.UP : Status.DOWN;
            case STARTING -> Status.UNKNOWN;
            case RECONNECTING, FAILED -> Status.DOWN;
            case STOPPED -> Status.OUT_OF_SERVICE;
        };
    }
}
