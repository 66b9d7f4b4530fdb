package org.openedx.events.bus;

import java.time.Instant;
import java.util.Objects;

/**
 * How a producer is, as {@link EventBusProducer#health()} reports it.
 *
 * @param producer      which producer
 * @param state         {@link HealthState#STARTING} until the backend confirms a first event,
 *                      {@link HealthState#RUNNING} while it confirms them, {@link HealthState#RECONNECTING}
 *                      after the backend failed an event (until it confirms one again) or while a spool
 *                      cannot forward its events,
 *                      {@link HealthState#STOPPED} once closed
 * @param reason        the last backend failure while not running; else null
 * @param connected     whether the backend confirmed the last event it answered for
 * @param lastDelivery  when the backend last confirmed an event, by the producer's clock; null before the first
 * @param pending       events sent and neither confirmed nor failed yet, and the events a spool holds
 *                      for the backend
 */
public record ProducerHealth(ProducerInfo producer, HealthState state, String reason, boolean connected,
                             Instant lastDelivery, long pending) {

    public ProducerHealth {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(state, "state");
    }
}
