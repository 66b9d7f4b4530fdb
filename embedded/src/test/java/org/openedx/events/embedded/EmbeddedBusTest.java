package org.openedx.events.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.embedded.EmbeddedFixtures.SIGNAL;
import static org.openedx.events.embedded.EmbeddedFixtures.greeting;
import static org.openedx.events.embedded.EmbeddedFixtures.settings;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openedx.events.EventsMetadata;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.MetadataCodec;

class EmbeddedBusTest {

    @TempDir
    Path dir;

    private final List<ReceivedEvent> received = Collections.synchronizedList(new ArrayList<>());
    private final EventReceiver recorder = received::add;
    private final List<Thread> threads = new ArrayList<>();
    private final List<EventBusConsumer> consumers = new ArrayList<>();

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
                producer.send(SIGNAL, "greetings", "greeting.text", greeting(i), SIGNAL.generateSignalMetadata(null));
            }
        }
    }

    private EventBusConsumer start(Settings settings, String group, Map<String, Object> extra) {
        EventBusConsumer consumer = EventBusBackends.consumer(settings, new ConsumerSpec("greetings", group, extra));
        Thread thread = new Thread(consumer::consumeIndefinitely, "consumer-" + group);
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
    void eachGroupSeesEveryEventInOrderWithTheProducersMetadata() {
        Settings settings = settings();
        EventsMetadata metadata = SIGNAL.generateSignalMetadata(null);
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            producer.send(SIGNAL, "greetings", "greeting.text", greeting(0), metadata);
        }
        produce(settings, 1, 50);

        start(settings, "group-a", Map.of());
        start(settings, "group-b", Map.of());
        await().until(() -> received.size() == 100);

        assertThat(numbers().stream().filter(n -> n == 7)).hasSize(2);
        List<ReceivedEvent> groupOrder = received.stream().filter(e -> true).toList();
        assertThat(groupOrder).allMatch(ReceivedEvent::fromEventBus);
        ReceivedEvent first = received.stream().filter(e -> e.metadata().id().equals(metadata.id())).findFirst()
                .orElseThrow();
        assertThat(first.metadata()).isEqualTo(metadata);
        assertThat(first.data()).isEqualTo(greeting(0));
    }

    @Test
    void consumersOfOneGroupShareTheEventsWithoutHandlingAnyTwice() {
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
            Thread second = new Thread(() -> {
                EventBusConsumer consumer = EventBusBackends.consumer(settings,
                        new ConsumerSpec("greetings", "shared", Map.of("consumer_name", "two")));
                consumers.add(consumer);
                consumer.consumeIndefinitely();
            }, "consumer-shared-two");
            second.start();
            threads.add(second);
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> received.size() >= 3000);
            await().during(java.time.Duration.ofMillis(300)).until(() -> received.size() == 3000);
            assertThat(numbers()).doesNotHaveDuplicates().hasSize(3000);
            assertThat(handledBy).hasSize(2);
        } finally {
            SIGNAL.disconnect(slow);
        }
    }

    @Test
    void aRestartedGroupResumesWhereItStopped() throws InterruptedException {
        Settings settings = settings();
        produce(settings, 0, 10);
        EventBusConsumer first = start(settings, "resume", Map.of());
        await().until(() -> received.size() == 10);
        first.stop();
        threads.get(0).join(5000);

        produce(settings, 10, 20);
        start(settings, "resume", Map.of());
        await().until(() -> received.size() == 20);
        await().during(java.time.Duration.ofMillis(200)).until(() -> received.size() == 20);
        assertThat(numbers()).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
    }

    @Test
    void startOptionsSkipOrReplay() {
        Settings settings = settings();
        produce(settings, 0, 5);
        start(settings, "skip", Map.of("check_backlog", false));
        start(settings, "replay", Map.of("last_read_msg_id", "3"));
        await().until(() -> received.size() == 2);
        produce(settings, 5, 6);
        await().until(() -> received.size() == 4);
        assertThat(numbers()).containsExactlyInAnyOrder(3L, 4L, 5L, 5L);
    }

    @Test
    void replayFromATime() throws Exception {
        Settings settings = settings();
        produce(settings, 0, 3);
        Thread.sleep(20);
        String since = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString();
        Thread.sleep(20);
        produce(settings, 3, 5);
        start(settings, "from-time", Map.of("replay_from_time", since));
        await().until(() -> received.size() == 2);
        assertThat(numbers()).containsExactly(3L, 4L);
    }

    @Test
    void undecodableMessagesAndFailingReceiversAreLoggedCountedAndSkipped() {
        Settings settings = settings();
        EmbeddedSettings embedded = EmbeddedSettings.from(settings);
        try (SqliteStore store = new SqliteStore(embedded)) {
            store.append("test-greetings", MetadataCodec.BARE_FIELDS.toFields(SIGNAL.generateSignalMetadata(null)),
                    null, new byte[] {(byte) 0xff});
            store.append("test-greetings", MetadataCodec.BARE_FIELDS.toFields(
                    EventsMetadata.of("org.openedx.unknown.v1")), null, new byte[0]);
        }
        EventReceiver failing = event -> {
            if (event.data("greeting", EmbeddedFixtures.Greeting.class).number() == 1) {
                throw new IllegalStateException("receiver failed");
            }
        };
        SIGNAL.connect(failing);
        try {
            produce(settings, 0, 3);
            EmbeddedConsumer consumer = (EmbeddedConsumer) start(settings, "bad", Map.of());
            await().until(() -> consumer.handled() == 2);
            assertThat(consumer.undecodable()).isEqualTo(2);
            assertThat(consumer.failed()).isEqualTo(1);
            assertThat(numbers()).containsExactly(0L, 1L, 2L);
        } finally {
            SIGNAL.disconnect(failing);
        }
    }

    @Test
    void withDebugAReceiversOwnExceptionIsCountedAndConsumptionGoesOn() {
        Settings settings = settings("DEBUG", true);
        EventReceiver failing = event -> {
            if (event.data("greeting", EmbeddedFixtures.Greeting.class).number() == 0) {
                throw new IllegalStateException("receiver failed");
            }
        };
        SIGNAL.connect(failing);
        try (org.openedx.events.bus.EventBus bus = org.openedx.events.bus.EventBus.start(settings)) {
            produce(settings, 0, 2);
            EmbeddedConsumer consumer = (EmbeddedConsumer) start(settings, "debug", Map.of());
            await().until(() -> consumer.handled() == 1);
            assertThat(consumer.failed()).isEqualTo(1);
        } finally {
            SIGNAL.disconnect(failing);
        }
    }

    @Test
    void theConsecutiveErrorsLimitEndsTheConsumer() {
        Settings settings = settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 3);
        EventReceiver failing = event -> {
            throw new IllegalStateException("always");
        };
        SIGNAL.connect(failing);
        try {
            produce(settings, 0, 5);
            EventBusConsumer consumer = EventBusBackends.consumer(settings, ConsumerSpec.of("greetings", "limited"));
            assertThatThrownBy(consumer::consumeIndefinitely)
                    .isInstanceOf(ConsecutiveErrors.LimitReachedException.class)
                    .hasMessageContaining("Too many consecutive errors (3)")
                    .hasMessageContaining("topic 'test-greetings', group 'limited'");
            try (SqliteStore store = new SqliteStore(EmbeddedSettings.from(settings))) {
                assertThat(store.committed("test-greetings", "limited")).isEqualTo(3);
            }
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
    void anUnusableStoreFileIsNamed() throws Exception {
        Path notAFile = Files.createDirectories(dir.resolve("dir.db"));
        Settings settings = EmbeddedFixtures.settings(notAFile);
        assertThatThrownBy(() -> EventBusBackends.producer(settings))
                .hasMessageContaining("embedded store").hasMessageContaining("dir.db");
        assertThatThrownBy(() -> EventBusBackends.consumer(settings, new ConsumerSpec("t", "g", Map.of("bogus", 1))))
                .hasMessageContaining("Unknown option 'bogus'");
    }
}
