package org.openedx.events.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.EventBus;
import org.openedx.events.micrometer.EventBusMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The bus's meters ({@code openedx-events-micrometer}) on the application's {@link MeterRegistry}:
 * the metrics hear the producer and every consumer, and gauge the producer's pending events and
 * each consumer's lag.
 */
@AutoConfiguration(before = OpenEdxEventsAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, EventBusMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public class OpenEdxEventsMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EventBusMetrics openEdxEventsMetrics(MeterRegistry registry) {
        return new EventBusMetrics(registry);
    }

    @Bean
    public EventBusObserver openEdxEventsMetricsGauges(EventBusMetrics metrics) {
        return new EventBusObserver() {
            @Override
            public void busStarted(EventBus bus) {
                metrics.monitor(bus.producer());
            }

            @Override
            public void workersStarted(ConsumerWorkers workers) {
                metrics.monitor(workers);
            }
        };
    }
}
