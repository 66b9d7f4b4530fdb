package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.EventBus;

/**
 * A bean told when the bus and the consumers start, to watch them (the metrics' gauges do). Every
 * bean of this type in the context is told.
 */
public interface EventBusObserver {

    /** The bus has started; its producer is ready. */
    default void busStarted(EventBus bus) {
    }

    /** The consumers of {@code EVENT_BUS_CONSUMER_CONFIG} have started. */
    default void workersStarted(ConsumerWorkers workers) {
    }
}
