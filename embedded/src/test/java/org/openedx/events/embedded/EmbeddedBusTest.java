package org.openedx.events.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.embedded.EmbeddedFixtures.SIGNAL;
import static org.openedx.events.embedded.EmbeddedFixtures.greeting;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.settings.Settings;

/** What only the embedded bus does; the shared delivery guarantees are in {@link EmbeddedContractTest}. */
class EmbeddedBusTest {

    @TempDir
    Path dir;

    private final List<ReceivedEvent> received = Collections.synchronizedList(new ArrayList<>());
    private final EventReceiver recorder = received::add;
    private final List<Thread> threads = new ArrayList<>();
    private final List<EventBusConsumer> consumers = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void connect() {
        SIGNAL.connect(recorder);
    }

    @AfterEach
    void stopConsumers() throws InterruptedException {
        consumers.forEach(EventBusConsumer::stop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        SIGNAL.disconnect(recorder);
    }

    private Settings settings(Object... more) {
        return EmbeddedFixtures.settings(dir.resolve("bus.db"), more);
    }

    private void produce(Settings settings, int from, int to) {
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            for (int i = from; i < to; i++) {
                producer.send(OutgoingEvent.of(SIGNAL, "greetings", "greeting.text", greeting(i)));
            }
            assertThat(producer.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    private EventBusConsumer start(Settings settings, String group, Map<String, Object> extra) {
        EventBusConsumer consumer = EventBusBackends.consumer(settings, new ConsumerSpec("greetings", group, extra));
        Thread thread = new Thread(consumer::consumeIndefinitely, "consumer-" + group + "-" + extra);
        thread.start();
        threads.add(thread);
        consumers.add(consumer);
        return consumer;
    }

    private List<Long> numbers() {
        synchronized (received) {
            return received.stream().map(e -> e.data("greeting", EmbeddedFixtures.Greeting.class).number()).toList();
        }
    }

    @Test
    void consumersOfOneGroupTakeTurnsWithoutHandlingAnyEventTwice() {
        Settings settings = settings();
        Set<String> handledBy = ConcurrentHashMap.newKeySet();
        EventReceiver slow = event -> {
            handledBy.add(Thread.currentThread().getName());
            Thread.sleep(1);
        };
        SIGNAL.connect(slow);
        try {
            produce(settings, 0, 3000);
            start(settings, "shared", Map.of("consumer_name", "one"));
            start(settings, "shared", Map.of("consumer_name", "two"));
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 3000);
            await().during(Duration.ofMillis(300)).until(() -> received.size() == 3000);
            assertThat(numbers()).doesNotHaveDuplicates().hasSize(3000);
            assertThat(handledBy).hasSize(2);
        } finally {
            SIGNAL.disconnect(slow);
        }
    }

    @Test
    void aDeadLetterKeepsTheEnvelopeAndSaysWhyWhereAndHowOften() throws Exception {
        Settings settings = settings("EVENT_BUS_CONSUMER_MAX_RETRIES", 1, "EVENT_BUS_CONSUMER_RETRY_DELAY", 0.01);
        EventReceiver failing = event -> {
            throw new IllegalStateException("receiver failed");
        };
        SIGNAL.connect(failing);
        try {
            produce(settings, 0, 1);
            EventBusConsumer consumer = start(settings, "letters", Map.of("consumer_name", "c1"));
            await().until(() -> consumer.stats().deadLettered() == 1);
        } finally {
            SIGNAL.disconnect(failing);
        }
        try (SqliteStore store = new SqliteStore(EmbeddedSettings.from(settings))) {
            SqliteStore.StoredMessage original = store.read("test-greetings", 0, 10).get(0);
            List<SqliteStore.StoredMessage> letters = store.read(DeadLetter.topicOf("test-greetings"), 0, 10);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.metadata()).isDeepEqualTo(original.metadata());
                assertThat(letter.eventData()).isEqualTo(original.eventData());
                assertThat(letter.key()).isEqualTo("hello 0");
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = new ObjectMapper().readValue(letters.get(0).attributes(), Map.class);
            assertThat(attributes).containsEntry("error_type", "org.openedx.events.bus.ReceiverFailedException")
                    .containsEntry("attempts", "2").containsEntry("original_topic", "test-greetings")
                    .containsEntry("original_position", Long.toString(original.position()))
                    .containsEntry("consumer_group", "letters").containsEntry("consumer_name", "c1")
                    .containsKey("dead_lettered_at");
            assertThat((String) attributes.get("error")).contains("receiver failed");
        }
    }

    @Test
    void withDebugAReceiversOwnExceptionIsRetriedThenDeadLettered() {
        Settings settings = settings("DEBUG", true, "EVENT_BUS_CONSUMER_RETRY_DELAY", 0.01);
        EventReceiver failing = event -> {
            if (event.data("greeting", EmbeddedFixtures.Greeting.class).number() == 0) {
                throw new IllegalStateException("receiver failed");
            }
        };
        SIGNAL.connect(failing);
        try (EventBus bus = EventBus.start(settings)) {
            produce(settings, 0, 2);
            EventBusConsumer consumer = start(settings, "debug", Map.of());
            await().until(() -> consumer.stats().handled() == 1);
            assertThat(consumer.stats().deadLettered()).isEqualTo(1);
            assertThat(consumer.stats().retried()).isEqualTo(3);
        } finally {
            SIGNAL.disconnect(failing);
        }
    }

    @Test
    void retentionTrimsOnlyWhatEveryGroupHasHandledUnlessAskedOtherwise() {
        Settings settings = settings("EVENT_BUS_EMBEDDED_MAX_MESSAGES", 10);
        EmbeddedSettings embedded = EmbeddedSettings.from(settings);
        try (SqliteStore store = new SqliteStore(embedded)) {
            store.seek("test-greetings", "slow", 0);
            produce(settings, 0, 1500);
            assertThat(store.read("test-greetings", 0, 10_000)).hasSize(1500);
            store.seek("test-greetings", "slow", 1200);
            assertThat(store.trim("test-greetings", 10, null, false)).isEqualTo(1200);
            assertThat(store.trim("test-greetings", 10, null, true)).isEqualTo(290);
            assertThat(store.read("test-greetings", 0, 10_000)).extracting(SqliteStore.StoredMessage::position)
                    .first().isEqualTo(1491L);
            assertThat(store.trim("test-greetings", null, System.currentTimeMillis() + 1, true)).isEqualTo(10);
        }
    }

    @Test
    void anUnusableStoreFileOrOptionIsNamed() throws Exception {
        Path notAFile = Files.createDirectories(dir.resolve("dir.db"));
        Settings settings = EmbeddedFixtures.settings(notAFile);
        assertThatThrownBy(() -> EventBusBackends.producer(settings))
                .hasMessageContaining("embedded store").hasMessageContaining("dir.db");
        assertThatThrownBy(() -> EventBusBackends.consumer(settings, new ConsumerSpec("t", "g", Map.of("bogus", 1))))
                .hasMessageContaining("Invalid option 'bogus' of the embedded consumer of topic 't'");
        assertThatThrownBy(() -> EventBusBackends.consumer(settings, new ConsumerSpec("t", "g",
                Map.of("check_backlog", "maybe"))))
                .hasMessageContaining("Invalid option 'check_backlog'").hasMessageContaining("expected true or false");
    }
}
