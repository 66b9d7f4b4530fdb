package org.openedx.events.redis;

import java.util.Set;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackend;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.settings.Settings;

/**
 * The Redis Streams bus: {@code EVENT_BUS_PRODUCER=redis} / {@code EVENT_BUS_CONSUMER=redis},
 * or upstream's {@code edx_event_bus_redis.create_producer} /
 * {@code edx_event_bus_redis.RedisEventConsumer}.
 */
public final class RedisBackend implements EventBusBackend {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> producerAliases() {
        return Set.of("edx_event_bus_redis.create_producer");
    }

    @Override
    public Set<String> consumerAliases() {
        return Set.of("edx_event_bus_redis.RedisEventConsumer");
    }

    @Override
    public Set<String> consumerOptions() {
        return RedisConsumerOptions.NAMES;
    }

    @Override
    public EventBusProducer createProducer(Settings settings) {
        return new RedisEventProducer(RedisSettings.from(settings), AvroEventSerializer.defaults());
    }

    @Override
    public EventBusConsumer createConsumer(ConsumerSpec spec, Settings settings) {
        return new RedisEventConsumer(RedisSettings.from(settings), spec, AvroEventSerializer.defaults());
    }
}
