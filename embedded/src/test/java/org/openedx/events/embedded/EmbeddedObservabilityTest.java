package org.openedx.events.embedded;

import java.util.Map;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.testkit.contract.ObservabilityContractTest;

/** The embedded bus's metrics, health, lag and traces, producer and consumer in one process and in two. */
class EmbeddedObservabilityTest extends ObservabilityContractTest {

    @Override
    protected EventBusBackend backend() {
        return new EmbeddedBackend();
    }

    @Override
    protected Map<String, Object> backendSettings() {
        return Map.of("EVENT_BUS_EMBEDDED_PATH", workDir.resolve("bus.db").toString());
    }
}
