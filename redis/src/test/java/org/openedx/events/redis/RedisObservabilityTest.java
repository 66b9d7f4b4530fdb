package org.openedx.events.redis;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.redis.testing.RedisServices;
import org.openedx.events.testkit.contract.ObservabilityContractTest;

/** The Redis bus's metrics, health, lag (XINFO GROUPS) and traces, with a producer in another process too. */
@ExtendWith(RedisServices.class)
@Tag("integration")
class RedisObservabilityTest extends ObservabilityContractTest {

    @Override
    protected EventBusBackend backend() {
        return new RedisBackend();
    }

    @Override
    protected Map<String, Object> backendSettings() {
        return Map.of("EVENT_BUS_REDIS_CONNECTION_URL", RedisTestSupport.url(),
                "EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 0.2);
    }
}
