package org.openedx.events.testkit.contract;

import java.util.Map;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.settings.Settings;
import org.openedx.events.testkit.InMemoryEventBus;
import org.openedx.events.wire.MetadataCodec;

/** The in-memory bus keeps the contract, except what needs another process or start options. */
class InMemoryContractTest extends EventBusContractTest {

    private final InMemoryEventBus memory = new InMemoryEventBus();

    @Override
    protected EventBusBackend backend() {
        return memory;
    }

    @Override
    protected Map<String, Object> backendSettings() {
        return Map.of();
    }

    @Override
    protected boolean consumedByOtherProcesses() {
        return false;
    }

    @Override
    protected EventBusProducer newProducer(Settings settings, DeliveryListener listener) {
        return memory.producer(settings, listener);
    }

    @Override
    protected EventBusConsumer newConsumer(Settings settings, ConsumerSpec spec, DeliveryListener listener) {
        return memory.consumer(settings, spec, listener);
    }

    @Override
    protected void writeUndecodable(Settings settings, String fullTopic) {
        memory.appendRaw(fullTopic, MetadataCodec.BARE_FIELDS.toFields(EventsMetadata.of("org.openedx.unknown.v1")),
                new byte[] {1, 2, 3});
    }
}
