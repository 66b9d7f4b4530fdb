package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.spi.EventBusBackend;
import org.springframework.beans.factory.ObjectProvider;
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
                                                                    ObjectProvider<EventBusBackend> backend,
                                                                    ConsumerWorkersLifecycle consumers) {
        boolean producing = bus.busSettings().producer().isPresent() || backend.getIfUnique() != null;
        return EventBusHealth.contributor(bus, producing, consumers);
    }
}
