package org.openedx.events.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.embedded.EmbeddedFixtures.SIGNAL;
import static org.openedx.events.embedded.EmbeddedFixtures.greeting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Settings;

class ConsumerWorkersTest {

    @TempDir
    Path dir;

    private Settings settings(Map<String, Object> consumers, Object... more) {
        Object[] all = new Object[more.length + 2];
        all[0] = "EVENT_BUS_CONSUMER_CONFIG";
        all[1] = consumers;
        System.arraycopy(more, 0, all, 2, more.length);
        return EmbeddedFixtures.settings(dir.resolve("bus.db"), all);
    }

    private static void produce(Settings settings, String topic, int count) {
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            for (int i = 0; i < count; i++) {
                producer.send(OutgoingEvent.of(SIGNAL, topic, "greeting.text", greeting(i)));
            }
        }
    }

    @Test
    void oneProcessConsumesEveryConfiguredTopicOncePerGroup() throws Exception {
        Map<String, Object> consumers = new java.util.LinkedHashMap<>();
        consumers.put("first", Map.of("group_id", "g1", "enabled", true));
        consumers.put("second", Map.of("group_id", "g2", "enabled", true));
        consumers.put("disabled", Map.of("group_id", "g3", "enabled", false));
        Settings settings = settings(consumers);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        EventReceiver recorder = (ReceivedEvent event) -> seen.add(Thread.currentThread().getName() + ":"
                + event.data("greeting", EmbeddedFixtures.Greeting.class).number());
        SIGNAL.connect(recorder);
        try (ConsumerWorkers workers = ConsumerWorkers.start(settings)) {
            assertThat(workers.specs()).extracting(s -> s.topic()).containsExactly("first", "second");
            produce(settings, "first", 100);
            produce(settings, "second", 50);
            produce(settings, "disabled", 10);
            await().until(() -> seen.size() == 150);
            await().during(Duration.ofMillis(300)).until(() -> seen.size() == 150);
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(seen.stream().filter(s -> s.startsWith("consumer-first-g1:"))).hasSize(100);
            assertThat(seen.stream().filter(s -> s.startsWith("consumer-second-g2:"))).hasSize(50);
            workers.stop();
            assertThat(workers.await(Duration.ofSeconds(10))).isTrue();
            assertThat(workers.failure()).isEmpty();
        } finally {
            SIGNAL.disconnect(recorder);
        }
    }

    @Test
    void aConsumerAtItsErrorLimitStopsTheOthersAndIsNamed() throws Exception {
        Settings settings = settings(Map.of(
                "healthy", Map.of("group_id", "ok", "enabled", true),
                "failing", Map.of("group_id", "bad", "enabled", true)),
                "EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 2, "EVENT_BUS_CONSUMER_RETRY_DELAY", 0.01);
        EventReceiver failing = event -> {
            if (Thread.currentThread().getName().contains("failing")) {
                throw new IllegalStateException("cannot handle");
            }
        };
        SIGNAL.connect(failing);
        try (ConsumerWorkers workers = ConsumerWorkers.start(settings)) {
            produce(settings, "failing", 5);
            assertThat(workers.await(Duration.ofSeconds(20))).isTrue();
            assertThat(workers.failure()).get().satisfies(failure -> {
                assertThat(failure.spec().topic()).isEqualTo("failing");
                assertThat(failure).hasMessageContaining("topic 'failing', group 'bad'")
                        .hasMessageContaining("Too many consecutive errors");
            });
        } finally {
            SIGNAL.disconnect(failing);
        }
    }

    @Test
    void badEntriesFailBeforeAnythingRuns() {
        assertThatThrownBy(() -> ConsumerWorkers.start(settings(Map.of("t", Map.of("group_id", "g", "enabled", true,
                "extra", Map.of("colour", "red"))))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid option 'colour' of the embedded consumer of topic 't': unknown option; accepted: "
                        + "[check_backlog, consumer_name, last_read_msg_id, replay_from_time]");
        assertThatThrownBy(() -> ConsumerWorkers.start(settings(Map.of("t", Map.of("group_id", "g", "enabled", false)))))
                .hasMessageContaining("no enabled consumer");
    }
}
