package org.openedx.events.spring.boot.test;

import org.openedx.events.testkit.InMemoryEventBus;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The in-memory bus of {@link AutoConfigureInMemoryEventBus}. */
@TestConfiguration(proxyBeanMethods = false)
class InMemoryEventBusConfiguration {

    @Bean
    InMemoryEventBus openEdxEventsInMemoryBus() {
        return new InMemoryEventBus();
    }
}
