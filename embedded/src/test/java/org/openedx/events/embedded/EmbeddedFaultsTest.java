package org.openedx.events.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.embedded.EmbeddedFixtures.SIGNAL;
import static org.openedx.events.embedded.EmbeddedFixtures.greeting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.settings.Settings;

/** Faults of the embedded bus found by the fault campaign (issue 17), kept reproduced so they stay fixed. */
class EmbeddedFaultsTest {

    @TempDir
    Path dir;

    private final List<EventBusConsumer> consumers = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private final List<EventReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        consumers.forEach(EventBusConsumer::stop);
        for (Thread thread : threads) {
            thread.join(20_000);
        }
        receivers.forEach(SIGNAL::disconnect);
    }

    private EventBusConsumer start(Settings settings, String group, String name) {
        EventBusConsumer consumer = EventBusBackends.consumer(settings,
                new ConsumerSpec("greetings", group, Map.of("consumer_name", name)));
        Thread thread = new Thread(consumer::consumeIndefinitely, "consumer-" + name);
        thread.start();
        threads.add(thread);
        consumers.add(consumer);
        return consumer;
    }

    private void receive(EventReceiver receiver) {
        receivers.add(receiver);
        SIGNAL.connect(receiver);
    }

    /**
     * Two consumers of a group whose batch takes longer than the lease: the one handling it keeps
     * the lease (it renews it as it goes and the batch shrinks), so the other never takes it and
     * starts again from the last commit; each event is handled once and the position moves.
     */
    @Test
    void aBatchLongerThanTheLeaseNeitherLosesTheLeaseNorRepeatsEvents() {
        Settings settings = EmbeddedFixtures.settings(dir.resolve("bus.db"), "EVENT_BUS_EMBEDDED_LEASE_SECONDS", 1);
        List<Long> handled = Collections.synchronizedList(new ArrayList<>());
        receive(event -> {
            handled.add(event.data("greeting", EmbeddedFixtures.Greeting.class).number());
            Thread.sleep(25);
        });
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            for (int i = 0; i < 160; i++) {
                producer.send(OutgoingEvent.of(SIGNAL, "greetings", "greeting.text", greeting(i)));
            }
        }
        start(settings, "slow", "one");
        start(settings, "slow", "two");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 160);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 160);
        assertThat(handled).doesNotHaveDuplicates();
        try (SqliteStore store = new SqliteStore(EmbeddedSettings.from(settings))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> store.committed("test-greetings", "slow") == 160);
        }
    }

    /** Under continuous load, with a consumer following, the write-ahead log stays bounded. */
    @Test
    void theWriteAheadLogStaysBoundedUnderContinuousLoad() throws Exception {
        Path store = dir.resolve("bus.db");
        Settings settings = EmbeddedFixtures.settings(store);
        AtomicLong handled = new AtomicLong();
        receive(event -> handled.incrementAndGet());
        start(settings, "follower", "follower");
        Path wal = dir.resolve("bus.db-wal");
        long largest = 0;
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            for (int i = 0; i < 150_000; i++) {
                producer.send(OutgoingEvent.of(SIGNAL, "greetings", "greeting.text", greeting(i)));
                if (i % 1000 == 0 && Files.exists(wal)) {
                    largest = Math.max(largest, Files.size(wal));
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() >= 150_000);
        largest = Math.max(largest, Files.exists(wal) ? Files.size(wal) : 0);
        assertThat(largest).as("largest WAL seen, bytes").isLessThan(64L * 1024 * 1024);
    }
}
