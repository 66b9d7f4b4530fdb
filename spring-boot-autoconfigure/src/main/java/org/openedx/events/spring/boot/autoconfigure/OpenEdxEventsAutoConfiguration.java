package org.openedx.events.spring.boot.autoconfigure;

import java.time.Clock;
import java.util.List;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConfigurationException;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.OutboxWriter;
import org.openedx.events.bus.TransactionHook;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * The Open edX event bus in a Spring Boot application: its settings from Spring's properties, the
 * bus started with the context and closed (its producer flushed) on shutdown, the consumers of
 * {@code EVENT_BUS_CONSUMER_CONFIG} run from when the application is ready, and every
 * {@code @OnEvent} bean method connected. Topics in {@code outbox} mode write to the
 * {@link OutboxWriter} bean ({@link OpenEdxEventsOutboxAutoConfiguration}).
 */
@AutoConfiguration
@EnableConfigurationProperties(OpenEdxEventsProperties.class)
public class OpenEdxEventsAutoConfiguration {

    private static final String TRANSACTION_SYNCHRONIZATION =
            "org.springframework.transaction.support.TransactionSynchronizationManager";
    private static final boolean SPRING_TX = ClassUtils.isPresent(TRANSACTION_SYNCHRONIZATION,
            OpenEdxEventsAutoConfiguration.class.getClassLoader());

    /** Connects the {@code @OnEvent} methods of every bean. */
    @Bean
    static OnEventBeanPostProcessor openEdxEventsReceivers() {
        return new OnEventBeanPostProcessor();
    }

    /** The settings every part of the bus reads; {@code on_commit} is the default production mode when Spring manages transactions. */
    @Bean
    @ConditionalOnMissingBean
    public Settings openEdxEventsSettings(ConfigurableEnvironment environment) {
        return SpringSettings.from(environment, SPRING_TX);
    }

    @Bean
    @ConditionalOnMissingBean
    public Clock openEdxEventsClock() {
        return Clock.systemUTC();
    }

    /** The tracing the settings enable, unless the application gives one (the OpenTelemetry bridge does). */
    @Bean
    @ConditionalOnMissingBean
    public EventTracing openEdxEventsTracing(Settings settings) {
        return EventTracing.fromSettings(settings);
    }

    /**
     * The bus; a producer of an {@link EventBusBackend} bean (a test's in-memory bus) replaces the one
     * {@code EVENT_BUS_PRODUCER} names.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public EventBus openEdxEventBus(Settings settings, ObjectProvider<DeliveryListener> listeners,
                                    EventTracing tracing, Clock clock, ObjectProvider<TransactionHook> transactions,
                                    ObjectProvider<EventBusBackend> backend, ObjectProvider<EventBusObserver> observers,
                                    ObjectProvider<OutboxWriter> outbox, ApplicationContext context) {
        DeliveryListener listener = DeliveryListener.of(listeners.orderedStream().toList());
        EventBus.Builder builder = EventBus.builder().settings(settings).listener(listener).tracing(tracing)
                .clock(clock).transactions(transactions.getIfAvailable(() -> TransactionHook.NONE));
        OutboxWriter writer = outbox.getIfUnique();
        if (writer != null) {
            builder.outbox(writer);
        } else {
            requireNoOutboxTopic(settings, context.getClassLoader());
        }
        EventBusBackend replacement = backend.getIfUnique();
        if (replacement != null) {
            builder.producer(EventBusBackends.producer(replacement, settings, listener, tracing, clock));
        }
        EventBus bus = builder.start();
        observers.orderedStream().forEach(observer -> observer.busStarted(bus));
        return bus;
    }

    /**
     * Fails the start when a topic is in outbox mode and {@link OpenEdxEventsOutboxAutoConfiguration}
     * made no outbox, saying which of its requirements is missing.
     */
    private static void requireNoOutboxTopic(Settings settings, ClassLoader loader) {
        OutboxTopics topics = OutboxTopics.of(EventBusSettings.from(settings));
        if (!topics.any()) {
            return;
        }
        boolean outboxModule = ClassUtils.isPresent("org.openedx.events.outbox.JdbcOutbox", loader);
        boolean springJdbc = ClassUtils.isPresent("org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy",
                loader);
        throw new EventBusConfigurationException(topics.missing(!outboxModule
                ? "the openedx-events-outbox module on the class path"
                : !springJdbc || !ClassUtils.isPresent(TRANSACTION_SYNCHRONIZATION, loader) ? "spring-jdbc and spring-tx on the class path (spring-boot-starter-jdbc)"
                : "one DataSource bean, the database of the outbox table (spring.datasource.url)"));
    }

    /** The consumers; none when {@code openedx.events.workers.enabled} is false or a test's backend replaces the bus. */
    @Bean
    @ConditionalOnMissingBean
    public ConsumerWorkersLifecycle openEdxEventsConsumers(EventBus bus, OpenEdxEventsProperties properties,
                                                           ObjectProvider<DeliveryListener> listeners,
                                                           EventTracing tracing, Clock clock,
                                                           ObjectProvider<EventBusBackend> backend,
                                                           ObjectProvider<EventBusObserver> observers) {
        List<ConsumerSpec> specs = properties.getWorkers().isEnabled() && backend.getIfUnique() == null
                ? bus.busSettings().consumerConfig().enabledSpecs() : List.of();
        return new ConsumerWorkersLifecycle(bus, specs, DeliveryListener.of(listeners.orderedStream().toList()),
                tracing, clock, observers.orderedStream().toList());
    }

    /** Publishing after commit for topics in {@code on_commit} mode. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = TRANSACTION_SYNCHRONIZATION)
    static class TransactionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TransactionHook openEdxEventsTransactions() {
            return new SpringTransactionHook();
        }
    }
}
