package org.openedx.events.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.ConsecutiveErrorsLimitException;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.InboundEvent;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;

/**
 * The metrics of every backend's producers and consumers on a Micrometer {@link MeterRegistry}:
 * a {@link DeliveryListener} (give it to {@code EventBus.builder().listener(...)},
 * {@code ConsumerWorkers.start(...)} or {@code EventBusBackends.producer/consumer(...)}) plus
 * gauges read from the health of what it {@link #monitor monitors}.
 *
 * <p>Names and tags follow OpenTelemetry's semantic conventions for messaging where they have one
 * ({@value #SENT}, {@value #CONSUMED}, {@value #PROCESS_DURATION}, {@value #OPERATION_DURATION};
 * tags {@value #SYSTEM}, {@value #DESTINATION}, {@value #GROUP}, {@value #OPERATION}), with
 * {@value #EVENT_TYPE} and {@value #OUTCOME}; the rest are {@code openedx.events.*}. Tag values
 * are bounded (topics, groups, event types, outcomes): never an event id or a key. Meters are
 * found once per consumer (or producer topic) and event type, so an event costs a few map
 * look-ups and adder increments: the two durations are function timers over adders (count and
 * total, no maximum), cheaper per event than a timer that keeps a moving maximum.
 */
public final class EventBusMetrics implements DeliveryListener {

    /** Events a producer sent, by outcome ({@value #DELIVERED} or {@value #FAILED}). */
    public static final String SENT = "messaging.client.sent.messages";
    /** Messages a consumer is done with, by outcome ({@value #HANDLED}, {@value #DEAD_LETTERED}, {@value #UNDECODABLE}). */
    public static final String CONSUMED = "messaging.client.consumed.messages";
    /** The receivers' time per handled event, every attempt included. */
    public static final String PROCESS_DURATION = "messaging.process.duration";
    /** From a send to the backend's confirmation (operation {@code send}). */
    public static final String OPERATION_DURATION = "messaging.client.operation.duration";
    /** Attempts made again after receivers failed. */
    public static final String RETRIES = "openedx.events.consumer.retries";
    /** Messages written to the dead-letter topic (failed events, and undecodable messages with event type {@value #UNKNOWN_TYPE}). */
    public static final String DEAD_LETTERS = "openedx.events.consumer.dead.letters";
    /** Messages that could not be decoded. */
    public static final String UNDECODABLE_MESSAGES = "openedx.events.consumer.undecodable";
    /** Consumers ended by {@code EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT}. */
    public static final String CONSECUTIVE_ERROR_STOPS = "openedx.events.consumer.consecutive.errors.stops";
    /** Times a consumer lost its backend, or could not reach it. */
    public static final String RECONNECTS = "openedx.events.consumer.reconnects";
    /** Events a producer could not deliver (each one logged with its data). */
    public static final String SEND_FAILURES = "openedx.events.producer.send.failures";
    /** Events sent and neither confirmed nor failed yet (a gauge). */
    public static final String PENDING = "openedx.events.producer.pending";
    /** Messages of the topic the group has not consumed yet (a gauge, refreshed every few seconds; NaN while unknown). */
    public static final String LAG = "openedx.events.consumer.lag";

    public static final String SYSTEM = "messaging.system";
    public static final String DESTINATION = "messaging.destination.name";
    public static final String GROUP = "messaging.consumer.group.name";
    public static final String OPERATION = "messaging.operation.name";
    public static final String EVENT_TYPE = "event_type";
    public static final String OUTCOME = "outcome";

    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String HANDLED = "handled";
    public static final String DEAD_LETTERED = "dead_lettered";
    public static final String UNDECODABLE = "undecodable";
    /** The event type of a message that could not be decoded. */
    public static final String UNKNOWN_TYPE = "unknown";

    private static final String CONSUMED_HELP = "Messages the consumer is done with";
    private static final String DEAD_LETTERS_HELP = "Messages written to the dead-letter topic";
    private static final String SENT_HELP = "Events the producer sent";

    private final MeterRegistry registry;
    private final Map<ConsumerInfo, ConsumerMeters> consumers = new ConcurrentHashMap<>();
    private final Map<ProducerInfo, Map<String, TopicMeters>> producers = new ConcurrentHashMap<>();
    /** The meters of the consumer heard last: most processes run one, or one per thread in turn. */
    private volatile ConsumerMeters lastConsumer;

    public EventBusMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds the lag gauge of a consumer, read from its health. */
    public EventBusMetrics monitor(EventBusConsumer consumer) {
        ConsumerInfo info = consumer.health().consumer();
        Gauge.builder(LAG, consumer, EventBusMetrics::lag)
                .description("Messages of the topic the consumer group has not consumed yet")
                .tags(consumerTags(info)).register(registry);
        return this;
    }

    private static double lag(EventBusConsumer consumer) {
        OptionalLong lag = consumer.health().lag();
        return lag.isPresent() ? lag.getAsLong() : Double.NaN;
    }

    /** Adds the lag gauge of every consumer of the workers. */
    public EventBusMetrics monitor(ConsumerWorkers workers) {
        workers.consumers().forEach(this::monitor);
        return this;
    }

    /** Adds the pending-events gauge of a producer, read from its health. */
    public EventBusMetrics monitor(EventBusProducer producer) {
        Gauge.builder(PENDING, producer, p -> p.health().pending())
                .description("Events sent and neither confirmed nor failed yet")
                .tag(SYSTEM, producer.health().producer().system()).register(registry);
        return this;
    }

    // ---- consumers -----------------------------------------------------------------------------

    @Override
    public void started(ConsumerInfo consumer) {
        meters(consumer);
    }

    @Override
    public void handled(ConsumerInfo consumer, InboundEvent event, int attempts, long nanos) {
        EventMeters meters = meters(consumer).of(event.signal());
        meters.handled.increment();
        meters.process.record(nanos);
    }

    @Override
    public void retrying(ConsumerInfo consumer, InboundEvent event, int attempt, Duration delay) {
        meters(consumer).of(event.signal()).retries.increment();
    }

    @Override
    public void undecodable(ConsumerInfo consumer, String position, Throwable error) {
        meters(consumer).undecodable.increment();
    }

    @Override
    public void deadLettered(ConsumerInfo consumer, InboundEvent event, String position, String letter, int attempts,
                             Throwable error) {
        ConsumerMeters meters = meters(consumer);
        if (event == null) {
            meters.undecodableConsumed.increment();
            meters.undecodableDeadLetters.increment();
        } else {
            EventMeters of = meters.of(event.signal());
            of.deadLettered.increment();
            of.deadLetters.increment();
        }
    }

    @Override
    public void connectionLost(ConsumerInfo consumer, Throwable error) {
        meters(consumer).reconnects.increment();
    }

    @Override
    public void stopped(ConsumerInfo consumer, Throwable error) {
        if (error instanceof ConsecutiveErrorsLimitException) {
            meters(consumer).stops.increment();
        }
    }

    private ConsumerMeters meters(ConsumerInfo consumer) {
        ConsumerMeters last = lastConsumer;
        if (last != null && last.info == consumer) {
            return last;
        }
        ConsumerMeters meters = lookUp(consumer);
        lastConsumer = meters;
        return meters;
    }

    private ConsumerMeters lookUp(ConsumerInfo consumer) {
        ConsumerMeters meters = consumers.get(consumer);
        return meters != null ? meters : consumers.computeIfAbsent(consumer, ConsumerMeters::new);
    }

    private static Tags consumerTags(ConsumerInfo consumer) {
        return Tags.of(SYSTEM, consumer.system(), DESTINATION, consumer.fullTopic(), GROUP, consumer.group());
    }

    /** The meters of one consumer; those of an event type made at its first event. */
    private final class ConsumerMeters {
        final ConsumerInfo info;
        final Tags tags;
        final Counter reconnects;
        final Counter undecodable;
        final Counter undecodableConsumed;
        final Counter undecodableDeadLetters;
        final Counter stops;
        final Map<OpenEdxPublicSignal, EventMeters> events = new ConcurrentHashMap<>();

        ConsumerMeters(ConsumerInfo consumer) {
            info = consumer;
            tags = consumerTags(consumer);
            reconnects = counter(RECONNECTS, "Times the consumer lost its backend or could not reach it", tags);
            undecodable = counter(UNDECODABLE_MESSAGES, "Messages that could not be decoded", tags);
            Tags unknown = tags.and(EVENT_TYPE, UNKNOWN_TYPE);
            undecodableConsumed = counter(CONSUMED, CONSUMED_HELP, unknown.and(OUTCOME, UNDECODABLE));
            undecodableDeadLetters = counter(DEAD_LETTERS, DEAD_LETTERS_HELP, unknown);
            stops = counter(CONSECUTIVE_ERROR_STOPS, "Consumers ended by the consecutive-errors limit", tags);
        }

        EventMeters of(OpenEdxPublicSignal signal) {
            EventMeters meters = events.get(signal);
            return meters != null ? meters : events.computeIfAbsent(signal, s -> new EventMeters(tags, s));
        }
    }

    private final class EventMeters {
        final Counter handled;
        final Counter deadLettered;
        final Counter deadLetters;
        final Counter retries;
        final Durations process = new Durations();

        EventMeters(Tags consumerTags, OpenEdxPublicSignal signal) {
            Tags tags = consumerTags.and(EVENT_TYPE, signal.eventType());
            handled = counter(CONSUMED, CONSUMED_HELP, tags.and(OUTCOME, HANDLED));
            deadLettered = counter(CONSUMED, CONSUMED_HELP, tags.and(OUTCOME, DEAD_LETTERED));
            deadLetters = counter(DEAD_LETTERS, DEAD_LETTERS_HELP, tags);
            retries = counter(RETRIES, "Attempts made again after receivers failed", tags);
            process.register(PROCESS_DURATION, "The receivers' time per handled event",
                    tags.and(OPERATION, "process", OUTCOME, HANDLED));
        }
    }

    // ---- producers -----------------------------------------------------------------------------

    @Override
    public void delivered(ProducerInfo producer, OutgoingEvent event, String position, long nanos) {
        SendMeters meters = meters(producer, event);
        meters.delivered.increment();
        meters.duration.record(nanos);
    }

    @Override
    public void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
        SendMeters meters = meters(producer, event);
        meters.failed.increment();
        meters.failures.increment();
    }

    private SendMeters meters(ProducerInfo producer, OutgoingEvent event) {
        Map<String, TopicMeters> topics = producers.get(producer);
        if (topics == null) {
            topics = producers.computeIfAbsent(producer, p -> new ConcurrentHashMap<>());
        }
        TopicMeters topic = topics.get(event.topic());
        if (topic == null) {
            topic = topics.computeIfAbsent(event.topic(), t -> new TopicMeters(Tags.of(SYSTEM, producer.system(),
                    DESTINATION, producer.fullTopic(t), OPERATION, "send")));
        }
        return topic.of(event.signal());
    }

    /** The meters of one topic of a producer, by event type. */
    private final class TopicMeters {
        final Tags tags;
        final Map<OpenEdxPublicSignal, SendMeters> events = new ConcurrentHashMap<>();

        TopicMeters(Tags tags) {
            this.tags = tags;
        }

        SendMeters of(OpenEdxPublicSignal signal) {
            SendMeters meters = events.get(signal);
            return meters != null ? meters : events.computeIfAbsent(signal, s -> new SendMeters(tags, s));
        }
    }

    private final class SendMeters {
        final Counter delivered;
        final Counter failed;
        final Counter failures;
        final Durations duration = new Durations();

        SendMeters(Tags topicTags, OpenEdxPublicSignal signal) {
            Tags tags = topicTags.and(EVENT_TYPE, signal.eventType());
            delivered = counter(SENT, SENT_HELP, tags.and(OUTCOME, DELIVERED));
            failed = counter(SENT, SENT_HELP, tags.and(OUTCOME, FAILED));
            failures = counter(SEND_FAILURES, "Events the producer could not deliver", tags);
            duration.register(OPERATION_DURATION, "From a send to the backend's confirmation",
                    tags.and(OUTCOME, DELIVERED));
        }
    }

    /** A count and a total of durations, read by a function timer as it is published. */
    private final class Durations {
        private final LongAdder count = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();

        void register(String name, String description, Tags tags) {
            FunctionTimer.builder(name, this, d -> d.count.sum(), d -> d.totalNanos.sum(), TimeUnit.NANOSECONDS)
                    .description(description).tags(tags).register(registry);
        }

        void record(long nanos) {
            count.increment();
            totalNanos.add(nanos);
        }
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
