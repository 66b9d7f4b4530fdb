package org.openedx.events.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventsMetadata;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.embedded.SpoolEvent;
import org.openedx.events.embedded.SpoolTopicStatus;
import org.openedx.events.wire.MetadataCodec;

/** The spool's record of refused events, on a spool file made before the record existed. */
class SpoolLedgerTest {

    private static final String TYPE = "org.openedx.test.spool.ledger.v1";
    private static final Map<String, String> METADATA = MetadataCodec.BARE_FIELDS.toFields(EventsMetadata.of(TYPE));

    @TempDir
    Path dir;

    private SqliteStore oldSpool(long... storedMillis) {
        SqliteStore store = new SqliteStore(new EmbeddedSettings(dir.resolve("spool.db"), null, null, false, false,
                Duration.ofMillis(2), Duration.ofSeconds(10)));
        for (long stored : storedMillis) {
            store.append(stored < 100 ? "dev-a" : "dev-b", METADATA, null, new byte[] {1}, stored, null);
        }
        return store;
    }

    @Test
    void anEventIsParkedAtTheRefusalThatReachesTheLimitAndShowsWithItsError() {
        try (SqliteStore store = oldSpool(10, 20, 200)) {
            SpoolLedger ledger = new SpoolLedger(store);
            long first = store.readAll(0, 1).get(0).position();

            assertThat(ledger.refused(first, "dev-a", "WRONGTYPE one", 1_000, 3)).isEqualTo(new SpoolLedger.Attempt(1, false));
            assertThat(ledger.refused(first, "dev-a", "WRONGTYPE two", 1_000, 3)).isEqualTo(new SpoolLedger.Attempt(2, false));
            assertThat(ledger.events(null, true, 0)).isEmpty();
            assertThat(ledger.refused(first, "dev-a", "WRONGTYPE three", 1_000, 3)).isEqualTo(new SpoolLedger.Attempt(3, true));

            assertThat(ledger.events(null, true, 0)).singleElement().satisfies(event -> {
                assertThat(event).extracting(SpoolEvent::position, SpoolEvent::topic, SpoolEvent::eventType,
                        SpoolEvent::eventId, SpoolEvent::attempts, SpoolEvent::lastError, SpoolEvent::parked)
                        .containsExactly(first, "dev-a", TYPE, METADATA.get("id"), 3, "WRONGTYPE three", true);
            });
            assertThat(ledger.events(null, false, 0)).hasSize(3);
            assertThat(ledger.status(1_000)).containsExactly(
                    new SpoolTopicStatus("dev-a", 2, 1, Duration.ofMillis(990)),
                    new SpoolTopicStatus("dev-b", 1, 0, Duration.ofMillis(800)));
        }
    }

    @Test
    void retryResetsTheAttemptsAndPurgeRemovesOnlyParkedEventsWithTheirRecord() {
        try (SqliteStore store = oldSpool(10, 20, 200)) {
            SpoolLedger ledger = new SpoolLedger(store);
            List<Long> positions = store.readAll(0, 10).stream().map(SqliteStore.StoredMessage::position).toList();
            ledger.refused(positions.get(0), "dev-a", "refused", 1_000, 1);
            ledger.refused(positions.get(2), "dev-b", "too large", 1_000, 5);

            assertThat(ledger.purge("dev-b", List.of())).as("dev-b's refused event is not parked").isZero();
            assertThat(ledger.retry(null, List.of(positions.get(0)))).isEqualTo(1);
            assertThat(ledger.events("dev-a", false, 1).get(0)).extracting(SpoolEvent::attempts, SpoolEvent::parked)
                    .containsExactly(0, false);

            ledger.refused(positions.get(0), "dev-a", "refused", 1_000, 1);
            assertThat(ledger.purge(null, List.of())).isEqualTo(1);
            assertThat(store.readAll(0, 10)).extracting(SqliteStore.StoredMessage::position)
                    .containsExactly(positions.get(1), positions.get(2));
            assertThat(ledger.tidy()).as("the purged event's record went with it").containsExactly(positions.get(2));
        }
    }

    @Test
    void tidyRemovesTheRecordsOfEventsNoLongerInTheSpool() {
        try (SqliteStore store = oldSpool(10, 20)) {
            SpoolLedger ledger = new SpoolLedger(store);
            List<Long> positions = store.readAll(0, 10).stream().map(SqliteStore.StoredMessage::position).toList();
            ledger.refused(positions.get(0), "dev-a", "refused", 1_000, 5);
            ledger.refused(positions.get(1), "dev-a", "refused", 1_000, 5);
            store.delete(List.of(positions.get(0)));

            assertThat(ledger.tidy()).containsExactly(positions.get(1));
            ledger.forget(List.of(positions.get(1)));
            assertThat(ledger.tidy()).isEmpty();
        }
    }
}
