package org.openedx.events.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventsMetadata;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.wire.MetadataCodec;

class SqliteStoreAppendTest {

    private static final Map<String, String> METADATA = MetadataCodec.BARE_FIELDS.toFields(
            EventsMetadata.of("org.openedx.test.append.all.v1"));

    /** More messages than one insert statement takes, over two topics, after a lone append. */
    @Test
    void appendAllGivesEachMessageItsOwnPositionInTheOrderOfTheList(@TempDir Path dir) {
        EmbeddedSettings settings = new EmbeddedSettings(dir.resolve("bus.db"), null, null, false, false,
                Duration.ofMillis(2), Duration.ofSeconds(10));
        try (SqliteStore store = new SqliteStore(settings)) {
            long first = store.append("even", METADATA, "lone", new byte[] {0}, 1L, null);
            List<SqliteStore.Append> messages = IntStream.range(0, 41).mapToObj(n -> new SqliteStore.Append(
                    n % 2 == 0 ? "even" : "odd", METADATA, "key-" + n, new byte[] {(byte) n}, n, n == 7 ? "{\"a\":\"b\"}" : null,
                    n == 9 ? "{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}" : null))
                    .toList();

            long[] positions = store.appendAll(messages);

            assertThat(positions).hasSize(41).isSorted().doesNotHaveDuplicates();
            assertThat(positions[0]).isGreaterThan(first);
            List<SqliteStore.StoredMessage> stored = store.readAll(first, 100);
            assertThat(stored).extracting(SqliteStore.StoredMessage::position)
                    .containsExactlyElementsOf(IntStream.range(0, 41).mapToObj(n -> positions[n]).toList());
            for (int n = 0; n < 41; n++) {
                SqliteStore.StoredMessage message = stored.get(n);
                assertThat(message.key()).isEqualTo("key-" + n);
                assertThat(message.topic()).isEqualTo(n % 2 == 0 ? "even" : "odd");
                assertThat(message.eventData()).containsExactly((byte) n);
                assertThat(message.storedMillis()).isEqualTo(n);
            }
            assertThat(stored.get(7).attributes()).isEqualTo("{\"a\":\"b\"}");
            assertThat(stored.get(9).traceContext()).contains("traceparent");
            assertThat(stored.get(8).attributes()).isNull();
        }
    }
}
