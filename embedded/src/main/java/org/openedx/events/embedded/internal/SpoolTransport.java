package org.openedx.events.embedded.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.spi.Backlog;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.embedded.EmbeddedSettings;

/**
 * A backend's transport behind the spool ({@code EVENT_BUS_PRODUCER_MODE=spool}): each spooled
 * event is appended to the spool's SQLite file, sharing a commit with concurrent sends, and
 * confirmed once durable there; a {@link SpoolForwarder} then sends the stored events on, in
 * order, to the backend. Events the mode does not spool go to the backend directly.
 */
public final class SpoolTransport implements ProducerTransport {

    /** How long closing waits for the spool's maintenance (a checkpoint) to finish. */
    private static final Duration SPOOL_CLOSE = Duration.ofSeconds(1);

    private final ProducerTransport target;
    private final Predicate<OutgoingEvent> spooled;
    private final EmbeddedProducerTransport spool;
    private final SpoolForwarder forwarder;

    /** @param maxAttempts the backend's refusals of an event after which it is parked */
    public SpoolTransport(ProducerTransport target, EventCodec codec, EmbeddedSettings settings, int maxAttempts,
                          Clock clock, Predicate<OutgoingEvent> spooled) {
        this.target = target;
        this.spooled = spooled;
        this.spool = new EmbeddedProducerTransport(settings, clock, EmbeddedSettings.EVENT_BUS_SPOOL_PATH.name(),
                SpoolForwarder::attributes);
        try {
            this.forwarder = new SpoolForwarder(settings, maxAttempts, target, codec, clock);
        } catch (RuntimeException e) {
            spool.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public void write(EncodedEvent event, WriteCallback callback) {
        if (!spooled.test(event.event())) {
            target.write(event, callback);
            return;
        }
        spool.write(event, new WriteCallback() {
            @Override
            public void delivered(EncodedEvent stored, String position) {
                forwarder.wake();
                callback.delivered(stored, "spool:" + position);
            }

            @Override
            public void failed(EncodedEvent stored, Throwable error) {
                callback.failed(stored, error);
            }
        });
    }

    /** The spool's events not yet forwarded (every producer's, where several share it), and the backend's failure. */
    @Override
    public Backlog backlog() {
        return forwarder.backlog();
    }

    @Override
    public boolean usesKeys() {
        return target.usesKeys();
    }

    /** The backend's: how long closing goes on forwarding what the spool holds. */
    @Override
    public Duration deliveryTimeout() {
        return target.deliveryTimeout();
    }

    /** Forwards what it can in {@code timeout}, then closes the backend's transport and the spool. */
    @Override
    public void close(Duration timeout) {
        try {
            forwarder.close(timeout);
        } finally {
            spool.close(SPOOL_CLOSE);
        }
    }
}
