package org.openedx.events.bus.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.HealthState;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerHealth;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.bus.ProducerStats;

/**
 * The producer when {@code EVENT_BUS_PRODUCER} is unset: every event is dropped, as upstream
 * (the missing setting was reported once when this producer was made). Its stats say so: each
 * event sent counts as sent and none as delivered.
 */
public final class NoEventBusProducer implements EventBusProducer {

    private final AtomicLong dropped = new AtomicLong();

    @Override
    public void send(OutgoingEvent event) {
        dropped.incrementAndGet();
    }

    /** Nothing is ever in flight; true, as nothing failed either. */
    @Override
    public boolean flush(Duration timeout) {
        return true;
    }

    @Override
    public ProducerStats stats() {
        return new ProducerStats(dropped.get(), 0, 0, 0);
    }

    /** Stopped, since it never reaches a backend: the missing setting is the reason. */
    @Override
    public ProducerHealth health() {
        return new ProducerHealth(new ProducerInfo("none"), HealthState.STOPPED,
                "EVENT_BUS_PRODUCER is not set: events are dropped", false, null, 0);
    }

    @Override
    public void close() {
    }
}
