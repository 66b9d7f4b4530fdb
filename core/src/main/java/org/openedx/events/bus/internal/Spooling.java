package org.openedx.events.bus.internal;

import java.time.Duration;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import org.openedx.events.bus.EventBusConfigurationException;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerSpool;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.ProducerConfig;
import org.openedx.events.settings.ProductionMode;
import org.openedx.events.settings.TopicConfig;

/**
 * Puts the spool between the producer and its backend when {@link ProductionMode#SPOOL} is the
 * mode of {@code EVENT_BUS_PRODUCER_MODE} or of a topic entry: the events of the topics in that
 * mode (and, with the default, of topics no entry names) go through it.
 */
public final class Spooling {

    private Spooling() {
    }

    /**
     * The transport itself when no event is spooled, else the spool around it.
     *
     * @throws EventBusConfigurationException naming {@code EVENT_BUS_PRODUCER_MODE} when no spool is on the class path
     */
    public static ProducerTransport around(ProducerTransport transport, EventCodec codec, BackendContext context) {
        ProductionMode defaultMode = context.settings().get(EventBusSettings.EVENT_BUS_PRODUCER_MODE);
        ProducerConfig config = ProducerConfig.parse(context.settings().get(EventBusSettings.EVENT_BUS_PRODUCER_CONFIG));
        boolean anyEntrySpooled = config.asMap().values().stream().flatMap(topics -> topics.values().stream())
                .anyMatch(entry -> entry.modeOr(defaultMode) == ProductionMode.SPOOL);
        if (defaultMode != ProductionMode.SPOOL && !anyEntrySpooled) {
            return transport;
        }
        ProducerSpool spool = ServiceLoader.load(ProducerSpool.class, Spooling.class.getClassLoader()).findFirst()
                .orElse(null);
        if (spool == null) {
            transport.close(Duration.ZERO);
            throw new EventBusConfigurationException("The production mode 'spool' (EVENT_BUS_PRODUCER_MODE or a "
                    + "topic entry's 'mode' in EVENT_BUS_PRODUCER_CONFIG) needs the spool of the "
                    + "openedx-events-embedded module on the class path");
        }
        Predicate<OutgoingEvent> spooled = event -> {
            TopicConfig entry = config.topics(event.signal().eventType()).get(event.topic());
            return (entry == null ? defaultMode : entry.modeOr(defaultMode)) == ProductionMode.SPOOL;
        };
        return spool.around(transport, codec, context, spooled);
    }
}
