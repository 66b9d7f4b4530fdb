package org.openedx.events.embedded;

import java.time.OffsetDateTime;
import java.util.Map;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.settings.Settings;
import org.openedx.events.testkit.contract.OperationsContractTest;
import org.openedx.events.wire.IsoDateTimes;
import org.openedx.events.wire.MetadataCodec;

/** The embedded bus keeps the whole contract, operations included. */
class EmbeddedContractTest extends OperationsContractTest {

    @Override
    protected EventBusBackend backend() {
        return new EmbeddedBackend();
    }

    @Override
    protected Map<String, Object> backendSettings() {
        return Map.of("EVENT_BUS_EMBEDDED_PATH", workDir.resolve("bus.db").toString());
    }

    @Override
    protected void writeUndecodable(Settings settings, String fullTopic) {
        try (SqliteStore store = new SqliteStore(EmbeddedSettings.from(settings))) {
            store.append(fullTopic, MetadataCodec.BARE_FIELDS.toFields(EventsMetadata.of("org.openedx.unknown.v1")),
                    null, new byte[] {(byte) 0xff}, System.currentTimeMillis(), null);
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
    protected Map<String, Object> startFrom(OffsetDateTime time) {
        return Map.of("replay_from_time", IsoDateTimes.format(time));
    }

    @Override
    protected String beyondTheEnd(String lastPosition) {
        return Long.toString(Long.parseLong(lastPosition) + 10);
    }
}
