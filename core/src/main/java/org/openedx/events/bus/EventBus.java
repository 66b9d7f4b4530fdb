package org.openedx.events.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.MetadataFactory;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.bus.internal.ProducerBridge;
import org.openedx.events.internal.Registry;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;

/**
 * The running event bus of a process (upstream's app start-up, {@code get_producer()} and
 * {@code make_single_consumer()}). Starting it validates the settings, creates the producer
 * and connects the producer bridge to every event type of {@code EVENT_BUS_PRODUCER_CONFIG};
 * while it runs, events sent in this process get their metadata from its
 * {@link MetadataFactory} (the service name of its settings, its clock). Closing it disconnects
 * the bridge and flushes and closes the producer. One bus runs at a time.
 *
 * <pre>{@code
 * try (EventBus bus = EventBus.start(Settings.fromEnvironment())) {
 *     SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", user));   // published as configured
 * }
 * }</pre>
 */
public final class EventBus implements AutoCloseable {

    private static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final EventBusSettings busSettings;
    private final EventBusProducer producer;
    private final ProducerBridge bridge;
    private final DeliveryListener listener;
    private final EventTracing tracing;
    private final Clock clock;
    private final MetadataFactory metadataFactory;
    private final List<OpenEdxPublicSignal> bridged = new ArrayList<>();

    private EventBus(Builder builder, Settings settings, EventBusSettings busSettings, EventBusProducer producer) {
        this.settings = settings;
        this.busSettings = busSettings;
        this.producer = producer;
        this.listener = builder.listener;
        this.tracing = builder.tracing;
        this.clock = builder.clock;
        this.metadataFactory = MetadataFactory.of(settings).toBuilder().clock(clock).build();
        this.bridge = new ProducerBridge(busSettings.producerConfig(), busSettings.producerMode(), producer,
                builder.transactions, builder.outbox);
    }

    /**
     * Starts the bus the settings describe.
     *
     * @throws org.openedx.events.ProducerConfigurationException when the producer config is invalid
     * @throws EventBusConfigurationException when the producer cannot be created, or a topic in outbox mode has no outbox
     * @throws IllegalStateException          when a bus is already running
     */
    public static EventBus start(Settings settings) {
        return builder().settings(settings).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    private void connect() {
        for (String eventType : busSettings.producerConfig().eventTypes()) {
            OpenEdxPublicSignal signal = SignalRegistry.get(eventType);
            signal.connect(bridge);
            bridged.add(signal);
        }
    }

    public Settings settings() {
        return settings;
    }

    public EventBusSettings busSettings() {
        return busSettings;
    }

    public EventBusProducer producer() {
        return producer;
    }

    /** What events sent while this bus runs get their metadata from. */
    public MetadataFactory metadataFactory() {
        return metadataFactory;
    }

    /**
     * A consumer of one topic for one group, as {@code EVENT_BUS_CONSUMER} names it
     * (upstream {@code make_single_consumer}), with this bus's listener, tracing and clock; a new one on
     * each call.
     */
    public EventBusConsumer newConsumer(String topic, String groupId, Map<String, Object> extra) {
        return EventBusBackends.consumer(settings, new ConsumerSpec(topic, groupId, extra), listener, tracing, clock);
    }

    /** Disconnects the bridge, then flushes and closes the producer. */
    @Override
    public void close() {
        if (!Registry.get().release(this)) {
            return;
        }
        for (OpenEdxPublicSignal signal : bridged) {
            signal.disconnect(bridge);
        }
        try {
            producer.flush(CLOSE_FLUSH_TIMEOUT);
        } finally {
            producer.close();
        }
    }

    /** Configures and starts an {@link EventBus}. */
    public static final class Builder {
        private Settings settings;
        private EventBusProducer producer;
        private DeliveryListener listener = DeliveryListener.NONE;
        private EventTracing tracing;
        private Clock clock = Clock.systemUTC();
        private TransactionHook transactions = TransactionHook.NONE;
        private OutboxWriter outbox;

        private Builder() {
        }

        public Builder settings(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** A producer instance to use instead of the one {@code EVENT_BUS_PRODUCER} names. */
        public Builder producer(EventBusProducer producer) {
            this.producer = Objects.requireNonNull(producer, "producer");
            return this;
        }

        /** Hears the producer and the consumers this bus makes. */
        public Builder listener(DeliveryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Traces the producer's sends and the consumers' handling, and carries the trace context
         * with each event; by default, the tracing the settings enable ({@link EventTracing#fromSettings}).
         */
        public Builder tracing(EventTracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing");
            return this;
        }

        /** The clock of metadata and dead letters; a test can fix it. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Tells which sends happen inside a transaction, for topics in {@code on_commit} mode; none by default. */
        public Builder transactions(TransactionHook transactions) {
            this.transactions = Objects.requireNonNull(transactions, "transactions");
            return this;
        }

        /** Where events of topics in {@code outbox} mode are written; required when a topic is in that mode. */
        public Builder outbox(OutboxWriter outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        public EventBus start() {
            Settings effective = settings != null ? settings : Settings.fromEnvironment();
            EventBusSettings busSettings = EventBusSettings.from(effective);
            if (tracing == null) {
                tracing = EventTracing.fromSettings(effective);
            }
            EventBusProducer effectiveProducer = producer != null ? producer
                    : EventBusBackends.producer(effective, listener, tracing, clock);
            EventBus bus;
            try {
                bus = new EventBus(this, effective, busSettings, effectiveProducer);
            } catch (RuntimeException e) {
                effectiveProducer.close();
                throw e;
            }
            if (!Registry.get().claim(new Registry.Runtime(bus, bus.metadataFactory, busSettings.debug()))) {
                effectiveProducer.close();
                throw new IllegalStateException("An EventBus is already running in this process; close it first");
            }
            bus.connect();
            return bus;
        }
    }
}
