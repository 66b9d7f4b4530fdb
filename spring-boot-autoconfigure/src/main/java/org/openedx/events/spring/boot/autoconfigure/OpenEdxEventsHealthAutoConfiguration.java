package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.bus.EventBus;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/** The bus's producer and consumers in {@code /actuator/health}, under {@code openEdxEvents}. */
@AutoConfiguration(after = OpenEdxEventsAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(EventBus.class)
@ConditionalOnEnabledHealthIndicator("openedxevents")
public class OpenEdxEventsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "openEdxEventsHealthContributor")
    public CompositeHealthContributor openEdxEventsHealthContributor(EventBus bus,
                                                                    ConsumerWorkersLifecycle consumers) {
        return EventBusHealth.contributor(bus, consumers);
    }
}
