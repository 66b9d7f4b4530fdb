package org.openedx.events.embedded;

import java.time.Duration;
import java.util.function.Predicate;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerSpool;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.embedded.internal.SpoolTransport;

/**
 * The spool of {@code EVENT_BUS_PRODUCER_MODE=spool}: the embedded bus's SQLite store, in a file
 * of its own ({@code EVENT_BUS_SPOOL_PATH}), as the buffer in front of any backend.
 */
public final class EmbeddedSpool implements ProducerSpool {

    @Override
    public ProducerTransport around(ProducerTransport target, EventCodec codec, BackendContext context,
                                    Predicate<OutgoingEvent> spooled) {
        try {
            return new SpoolTransport(target, codec, EmbeddedSettings.spool(context.settings()),
                    context.settings().get(EmbeddedSettings.EVENT_BUS_SPOOL_MAX_ATTEMPTS), context.clock(), spooled);
        } catch (RuntimeException e) {
            target.close(Duration.ZERO);
            throw e;
        }
    }
}
