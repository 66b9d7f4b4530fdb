package org.openedx.events.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.kafka.testing.KafkaServices;
import org.openedx.events.testkit.contract.ObservabilityContractTest;

/**
 * The Kafka bus's metrics, health, lag and traces (headers {@code traceparent}/{@code tracestate}),
 * against a real broker and registry. Its lag comes from the client's fetches (no request), so
 * it is known only after the first one.
 */
@Tag("integration")
@ExtendWith(KafkaServices.class)
class KafkaObservabilityTest extends ObservabilityContractTest {

    @Override
    protected EventBusBackend backend() {
        return new KafkaBackend();
    }

    @Override
    protected Map<String, Object> backendSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", KafkaServices.broker().bootstrapServers());
        settings.put("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", KafkaServices.registry().url());
        settings.put("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", 0.2);
        return settings;
    }

    @Override
    protected boolean lagKnownBeforeFirstFetch() {
        return false;
    }
}
