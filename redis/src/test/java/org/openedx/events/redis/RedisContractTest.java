package org.openedx.events.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.settings.Settings;
import org.openedx.events.testkit.contract.OperationsContractTest;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.redis.testing.RedisServices;

/** The Redis bus keeps the contract; it cannot start a group from a time (upstream has no such option). */
@ExtendWith(RedisServices.class)
@Tag("integration")
class RedisContractTest extends OperationsContractTest {

    @Override
    protected EventBusBackend backend() {
        return new RedisBackend();
    }

    @Override
    protected Map<String, Object> backendSettings() {
        // A killed consumer's entries are taken over after a second, not the default minute.
        return Map.of("EVENT_BUS_REDIS_CONNECTION_URL", RedisTestSupport.url(),
                "EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 0.5, "EVENT_BUS_REDIS_CONSUMER_CLAIM_AFTER", 1);
    }

    @Override
    protected void writeUndecodable(Settings settings, String fullTopic) {
        Map<String, String> fields = new LinkedHashMap<>(MetadataCodec.BARE_FIELDS.toFields(
                EventsMetadata.of("org.openedx.unknown.v1")));
        fields.put("event_data", "not avro");
        RedisClient client = RedisClient.create(RedisTestSupport.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().xadd(fullTopic, fields);
        } finally {
            client.shutdown();
        }
    }

    @Override
    protected Map<String, Object> startAtEnd() {
        return Map.of("check_backlog", false);
    }

    @Override
    protected Map<String, Object> startAfter(String position) {
        return Map.of("last_read_msg_id", position);
    }

    @Override
    protected String beyondTheEnd(String lastPosition) {
        return (Long.parseLong(lastPosition.substring(0, lastPosition.indexOf('-'))) + 60_000) + "-0";
    }
}
