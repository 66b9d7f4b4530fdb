package org.openedx.events.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.OutboxWriter;
import org.openedx.events.bus.TransactionHook;
import org.openedx.events.outbox.JdbcOutbox;
import org.openedx.events.outbox.OutboxAdmin;
import org.openedx.events.outbox.OutboxMetrics;
import org.openedx.events.outbox.OutboxSchema;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The transactional outbox ({@code openedx-events-outbox}) when a topic is in {@code outbox} mode:
 * events written into the outbox table on the connection of the caller's Spring transaction, its
 * table created in the application's data source, a relay that publishes through the bus's
 * producer while the application runs, and the outbox's gauges and health.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(value = {JdbcOutbox.class, TransactionAwareDataSourceProxy.class},
        name = "org.springframework.transaction.support.TransactionSynchronizationManager")
@ConditionalOnSingleCandidate(DataSource.class)
@Conditional(OnOutboxModeCondition.class)
public class OpenEdxEventsOutboxAutoConfiguration {

    /**
     * The outbox: rows written through a proxy of the data source that hands out the current Spring
     * transaction's connection (a connection of its own, in auto-commit, outside one). Its table is
     * created first, after the application's own migrations, unless
     * {@code openedx.events.outbox.migrate} is false.
     */
    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    public OutboxWriter openEdxEventsOutbox(DataSource dataSource, TransactionHook transactions,
                                            OpenEdxEventsProperties properties) {
        if (properties.getOutbox().isMigrate()) {
            OutboxSchema.migrate(dataSource);
        }
        return JdbcOutbox.create(new TransactionAwareDataSourceProxy(dataSource), transactions);
    }

    @Bean
    @ConditionalOnMissingBean
    public OutboxRelayLifecycle openEdxEventsOutboxRelay(DataSource dataSource, EventBus bus, Clock clock) {
        return new OutboxRelayLifecycle(dataSource, bus, clock);
    }

    /** The outbox's gauges ({@link OutboxMetrics}) on the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OutboxMetrics openEdxEventsOutboxMetrics(MeterRegistry registry, DataSource dataSource, Clock clock) {
            return OutboxMetrics.bind(registry, new OutboxAdmin(dataSource, clock), clock);
        }
    }

    /** {@code openEdxEventsOutbox} in {@code /actuator/health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("openedxevents")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "openEdxEventsOutboxHealthIndicator")
        HealthIndicator openEdxEventsOutboxHealthIndicator(DataSource dataSource, Clock clock,
                                                          OutboxRelayLifecycle relay) {
            return new OutboxHealth(new OutboxAdmin(dataSource, clock), relay);
        }
    }
}
