package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.bus.EventBus;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code openedxevents} Actuator endpoint, when Actuator is there and the endpoint is exposed. */
@AutoConfiguration(after = OpenEdxEventsAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(EventBus.class)
@ConditionalOnAvailableEndpoint(OpenEdxEventsEndpoint.class)
public class OpenEdxEventsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public OpenEdxEventsEndpoint openEdxEventsEndpoint(EventBus bus, ConsumerWorkersLifecycle consumers) {
        return new OpenEdxEventsEndpoint(bus, consumers);
    }
}
