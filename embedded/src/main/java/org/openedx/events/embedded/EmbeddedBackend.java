package org.openedx.events.embedded;

import java.util.Set;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackend;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.settings.Settings;

/** The embedded bus: {@code EVENT_BUS_PRODUCER=embedded} / {@code EVENT_BUS_CONSUMER=embedded}. */
public final class EmbeddedBackend implements EventBusBackend {

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Set<String> consumerOptions() {
        return EmbeddedConsumer.OPTIONS;
    }

    @Override
    public EventBusProducer createProducer(Settings settings) {
        return new EmbeddedProducer(EmbeddedSettings.from(settings), AvroEventSerializer.defaults());
    }

    @Override
    public EventBusConsumer createConsumer(ConsumerSpec spec, Settings settings) {
        return new EmbeddedConsumer(EmbeddedSettings.from(settings), spec, AvroEventSerializer.defaults());
    }
}
