package org.openedx.events.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventsMetadata;
import org.openedx.events.embedded.EmbeddedBusException;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.wire.MetadataCodec;

class GroupCommitTest {

    private static final int SENDERS = 8;
    private static final int EACH = 300;
    private static final Map<String, String> METADATA = MetadataCodec.BARE_FIELDS.toFields(
            EventsMetadata.of("org.openedx.test.group.commit.v1"));

    private static EmbeddedSettings settings(Path dir) {
        return new EmbeddedSettings(dir.resolve("bus.db"), null, null, false, false, Duration.ofMillis(2),
                Duration.ofSeconds(10));
    }

    private static SqliteStore.Append message(String topic, int number) {
        return new SqliteStore.Append(topic, METADATA, Integer.toString(number), new byte[] {(byte) number}, 1L,
                null, null);
    }

    @Test
    void concurrentSendersEachReturnOnlyOnceAnotherConnectionSeesTheirMessage(@TempDir Path dir) throws Exception {
        GroupCommit appends = new GroupCommit(new SqliteStore(settings(dir)), Long.MAX_VALUE, Duration.ofSeconds(1));
        ExecutorService threads = Executors.newFixedThreadPool(SENDERS);
        CyclicBarrier together = new CyclicBarrier(SENDERS);
        List<Future<List<Long>>> sent = new ArrayList<>();
        try {
            for (int s = 0; s < SENDERS; s++) {
                String topic = "sender-" + s;
                sent.add(threads.submit(() -> {
                    List<Long> positions = new ArrayList<>();
                    try (SqliteStore reader = new SqliteStore(settings(dir))) {
                        together.await();
                        for (int i = 0; i < EACH; i++) {
                            long position = appends.append(message(topic, i));
                            positions.add(position);
                            assertThat(reader.read(topic, position - 1, 1)).as("committed when append returned")
                                    .singleElement().extracting(SqliteStore.StoredMessage::position).isEqualTo(position);
                        }
                    }
                    return positions;
                }));
            }
            for (Future<List<Long>> positions : sent) {
                assertThat(positions.get()).as("in the order of the sends").isSorted().doesNotHaveDuplicates();
            }
        } finally {
            threads.shutdownNow();
            appends.close();
        }
        try (SqliteStore store = new SqliteStore(settings(dir))) {
            for (int s = 0; s < SENDERS; s++) {
                assertThat(store.read("sender-" + s, 0, EACH + 1)).extracting(SqliteStore.StoredMessage::key)
                        .as("each topic in the order of its sends")
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, EACH)
                                .mapToObj(Integer::toString).toList());
            }
        }
    }

    @Test
    void aClosedStoreRefusesAppendsAndNamesTheFile(@TempDir Path dir) {
        GroupCommit appends = new GroupCommit(new SqliteStore(settings(dir)), Long.MAX_VALUE, Duration.ofSeconds(1));
        appends.append(message("t", 1));
        appends.close();
        assertThatThrownBy(() -> appends.append(message("t", 2))).isInstanceOf(EmbeddedBusException.class)
                .hasMessageContaining(dir.resolve("bus.db").toString()).hasMessageContaining("closed");
    }
}
