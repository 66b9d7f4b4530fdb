package org.openedx.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.kafka.testing.KafkaServices;
import org.openedx.events.settings.Settings;
import org.openedx.events.testkit.contract.OperationsContractTest;
import org.openedx.events.wire.IsoDateTimes;

/**
 * The Kafka bus keeps the contract, against a real broker and schema registry. It cannot start
 * a group after a position (offsets are per partition; upstream has no such option), and
 * Apicurio refuses the one schema whose namespace has a hyphen.
 */
@Tag("integration")
@ExtendWith(KafkaServices.class)
class KafkaContractTest extends OperationsContractTest {

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
        // A killed consumer leaves its group after 6 s (the broker's least), not the default 45 s.
        settings.put("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES", Map.of("session.timeout.ms", "6000",
                "heartbeat.interval.ms", "1000"));
        return settings;
    }

    @Override
    protected boolean carries(OpenEdxPublicSignal signal) {
        return !signal.eventType().contains("-");
    }

    @Override
    protected void writeUndecodable(Settings settings, String fullTopic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServices.broker().bootstrapServers());
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "org.openedx.unknown.v1".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(fullTopic, null, null, "user-1".getBytes(StandardCharsets.UTF_8),
                    new byte[] {0, 0, 0, 0, 1, 2}, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    protected Map<String, Object> startAtEnd() {
        return Map.of("auto_offset_reset", "latest");
    }

    @Override
    protected Map<String, Object> startFrom(OffsetDateTime time) {
        return Map.of("offset_time", IsoDateTimes.format(time));
    }

    @Override
    protected String beyondTheEnd(String lastPosition) {
        int colon = lastPosition.indexOf(':');
        return lastPosition.substring(0, colon + 1) + (Long.parseLong(lastPosition.substring(colon + 1)) + 10);
    }
}
