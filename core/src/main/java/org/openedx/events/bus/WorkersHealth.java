package org.openedx.events.bus;

import java.util.List;

/**
 * The health of every consumer of a {@link ConsumerWorkers}, in the order of its specs.
 *
 * @param consumers each consumer's health
 */
public record WorkersHealth(List<ConsumerHealth> consumers) {

    public WorkersHealth {
        consumers = List.copyOf(consumers);
    }

    /** Whether every consumer runs and reaches its backend. */
    public boolean healthy() {
        return !consumers.isEmpty() && consumers.stream().allMatch(ConsumerHealth::healthy);
    }

    /** The consumers that do not run, or do not reach their backend. */
    public List<ConsumerHealth> failing() {
        return consumers.stream().filter(c -> !c.healthy()).toList();
    }
}
