package org.openedx.events.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openedx.events.bus.ConsumerHealth;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.ConsumerStats;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.ProducerHealth;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.settings.EventBusSettings;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/openedxevents}: the topics this application publishes to (and whether the bus
 * has them), the groups it consumes with, each consumer's state and lag, and the producer's state.
 * (Actuator warns about endpoint ids with dashes, so the id has none.)
 */
@Endpoint(id = "openedxevents")
public class OpenEdxEventsEndpoint {

    /** What the endpoint shows. */
    public record Report(ProducerReport producer, List<TopicReport> topics, List<ConsumerReport> consumers) {
    }

    /** The producer: its backend, state and what it has sent. */
    public record ProducerReport(String backend, String state, long pending, long sent, long delivered, long failed) {
    }

    /**
     * A topic of {@code EVENT_BUS_PRODUCER_CONFIG}: the event types published to it and whether the
     * bus has it ({@code null} when the bus could not be asked; {@code error} says why).
     */
    public record TopicReport(String topic, String fullTopic, List<String> eventTypes, Boolean exists, String error) {
    }

    /** A consumer: its topic, group, state and lag ({@code null} while unknown). */
    public record ConsumerReport(String topic, String fullTopic, String group, String state, Long lag, long handled,
                                 long retried, long deadLettered) {
    }

    private final EventBus bus;
    private final ConsumerWorkersLifecycle consumers;

    public OpenEdxEventsEndpoint(EventBus bus, ConsumerWorkersLifecycle consumers) {
        this.bus = bus;
        this.consumers = consumers;
    }

    @ReadOperation
    public Report report() {
        ProducerHealth health = bus.producer().health();
        var stats = bus.producer().stats();
        ProducerReport producer = new ProducerReport(health.producer().system(), health.state().name(),
                health.pending(), stats.sent(), stats.delivered(), stats.failed());
        return new Report(producer, topics(), consumers());
    }

    private List<TopicReport> topics() {
        EventBusSettings settings = bus.busSettings();
        Map<String, TreeSet<String>> eventTypes = new TreeMap<>();
        for (String eventType : settings.producerConfig().eventTypes()) {
            settings.producerConfig().topics(eventType).keySet()
                    .forEach(topic -> eventTypes.computeIfAbsent(topic, t -> new TreeSet<>()).add(eventType));
        }
        List<TopicReport> topics = new ArrayList<>();
        if (eventTypes.isEmpty()) {
            return topics;
        }
        try (BusAdmin admin = EventBusBackends.admin(bus.settings())) {
            eventTypes.forEach((topic, types) -> {
                String full = settings.fullTopic(topic);
                topics.add(new TopicReport(topic, full, List.copyOf(types), admin.topicExists(full), null));
            });
        } catch (RuntimeException e) {
            topics.clear();
            eventTypes.forEach((topic, types) -> topics.add(new TopicReport(topic, settings.fullTopic(topic),
                    List.copyOf(types), null, e.getMessage())));
        }
        return topics;
    }

    private List<ConsumerReport> consumers() {
        EventBusSettings settings = bus.busSettings();
        List<ConsumerReport> reports = new ArrayList<>();
        List<ConsumerSpec> specs = consumers.specs();
        var workers = consumers.workers();
        for (int i = 0; i < specs.size(); i++) {
            ConsumerSpec spec = specs.get(i);
            if (workers.isEmpty()) {
                reports.add(new ConsumerReport(spec.topic(), settings.fullTopic(spec.topic()), spec.groupId(),
                        "NOT_STARTED", null, 0, 0, 0));
                continue;
            }
            ConsumerHealth health = workers.get().health().consumers().get(i);
            ConsumerStats stats = workers.get().stats().get(i);
            reports.add(new ConsumerReport(spec.topic(), health.consumer().fullTopic(), spec.groupId(),
                    health.state().name(), health.lag().isPresent() ? health.lag().getAsLong() : null,
                    stats.handled(), stats.retried(), stats.deadLettered()));
        }
        return reports;
    }
}
