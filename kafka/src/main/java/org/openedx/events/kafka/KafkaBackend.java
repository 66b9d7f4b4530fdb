package org.openedx.events.kafka;

import java.util.Set;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackend;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.settings.Settings;

/**
 * The Kafka bus: {@code EVENT_BUS_PRODUCER=kafka} / {@code EVENT_BUS_CONSUMER=kafka}, or
 * upstream's {@code edx_event_bus_kafka.create_producer} /
 * {@code edx_event_bus_kafka.KafkaEventConsumer}.
 */
public final class KafkaBackend implements EventBusBackend {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Set<String> producerAliases() {
        return Set.of("edx_event_bus_kafka.create_producer");
    }

    @Override
    public Set<String> consumerAliases() {
        return Set.of("edx_event_bus_kafka.KafkaEventConsumer");
    }

    @Override
    public Set<String> consumerOptions() {
        return KafkaConsumerOptions.NAMES;
    }

    @Override
    public EventBusProducer createProducer(Settings settings) {
        return new KafkaEventProducer(KafkaSettings.from(settings), AvroEventSerializer.defaults());
    }

    @Override
    public EventBusConsumer createConsumer(ConsumerSpec spec, Settings settings) {
        return new KafkaEventConsumer(KafkaSettings.from(settings), spec, AvroEventSerializer.defaults());
    }
}
