package org.openedx.events.bus;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a consumer is, as {@link EventBusConsumer#health()} reports it.
 *
 * @param consumer  which consumer
 * @param state     where it is in its life
 * @param reason    why it reconnects, stopped or failed (passwords in URLs masked); null when running
 * @param connected whether its last contact with the backend succeeded
 * @param lastPoll  when it last fetched from the backend successfully, by its clock; null before the first time
 * @param lag       messages of its group not yet consumed (empty when the backend cannot tell, or has not yet)
 */
public record ConsumerHealth(ConsumerInfo consumer, HealthState state, String reason, boolean connected,
                             Instant lastPoll, OptionalLong lag) {

    public ConsumerHealth {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lag, "lag");
    }

    /** Whether it runs and reaches its backend. */
    public boolean healthy() {
        return state == HealthState.RUNNING && connected;
    }
}
