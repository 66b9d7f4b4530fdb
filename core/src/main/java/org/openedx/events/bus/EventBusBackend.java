package org.openedx.events.bus;

import java.util.Set;
import org.openedx.events.settings.Settings;

/**
 * A bus implementation, found with {@link java.util.ServiceLoader} and chosen by the value of
 * {@code EVENT_BUS_PRODUCER} / {@code EVENT_BUS_CONSUMER}: its short {@link #name()} or one
 * of its aliases (the upstream Python paths).
 */
public interface EventBusBackend {

    /** The short name, e.g. {@code redis}. */
    String name();

    /** Other values of {@code EVENT_BUS_PRODUCER} that select this backend. */
    default Set<String> producerAliases() {
        return Set.of();
    }

    /** Other values of {@code EVENT_BUS_CONSUMER} that select this backend. */
    default Set<String> consumerAliases() {
        return Set.of();
    }

    /** The option names {@code consume --extra} accepts for this backend. */
    default Set<String> consumerOptions() {
        return Set.of();
    }

    EventBusProducer createProducer(Settings settings);

    EventBusConsumer createConsumer(ConsumerSpec spec, Settings settings);
}
