package org.openedx.events.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.HealthState;
import org.openedx.events.bus.ProducerHealth;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.MetadataCodec;

/**
 * Parking in the spool, against a real Redis: an event Redis refuses for good (its stream key
 * holds a string, so XADD answers WRONGTYPE) is parked after {@code EVENT_BUS_SPOOL_MAX_ATTEMPTS}
 * refusals and stops only its topic, until retried; Redis being away never parks anything.
 */
@Tag("integration")
class SpoolParkingIntegrationTest {

    private static final int MAX_ATTEMPTS = 3;
    /** The users of the refused topic's events; the other topic's are {@code FLOWING + n}. */
    private static final long FLOWING = 1_000;

    private static RedisServer redis;
    @TempDir
    static Path redisDir;
    @TempDir
    Path dir;
    private final String refusedTopic = "spool-refused-" + UUID.randomUUID();
    private final String flowingTopic = "spool-flowing-" + UUID.randomUUID();
    /** User ids as Redis delivers them to the consumers, duplicates included. */
    private final List<Long> received = new ArrayList<>();
    private final List<EventBusConsumer> consumers = new ArrayList<>();
    private final List<Thread> consuming = new ArrayList<>();
    private final EventReceiver receiver = event -> {
        synchronized (received) {
            received.add(event.data("user", UserData.class).id());
        }
    };

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start(redisDir);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stop() throws InterruptedException {
        consumers.forEach(EventBusConsumer::stop);
        for (Thread thread : consuming) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(receiver);
    }

    private Map<String, Object> settings(int maxAttempts, int deliveryTimeoutSeconds) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("EVENT_BUS_PRODUCER", "redis");
        settings.put("EVENT_BUS_CONSUMER", "redis");
        settings.put("EVENT_BUS_REDIS_CONNECTION_URL", redis.url());
        settings.put("EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", deliveryTimeoutSeconds);
        settings.put("EVENT_BUS_PRODUCER_MODE", "spool");
        settings.put("EVENT_BUS_SPOOL_MAX_ATTEMPTS", maxAttempts);
        settings.put("EVENT_BUS_SPOOL_PATH", dir.resolve("spool.db").toString());
        settings.put("EVENT_BUS_EMBEDDED_PATH", dir.resolve("bus.db").toString());
        return settings;
    }

    private void consume(String topic) {
        LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(receiver);
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        EventBusConsumer consumer = EventBusBackends.consumer(Settings.of(settings(MAX_ATTEMPTS, 10)),
                new ConsumerSpec(topic, "check", Map.of()));
        Thread thread = new Thread(consumer::consumeIndefinitely, "check-" + topic);
        thread.start();
        consumers.add(consumer);
        consuming.add(thread);
    }

    /** The first arrival of each user id in [from, to), in arrival order. */
    private List<Long> arrived(long from, long to) {
        synchronized (received) {
            return new ArrayList<>(new LinkedHashSet<>(received.stream().filter(id -> id >= from && id < to).toList()));
        }
    }

    private void awaitArrivedInOrder(long from, long to) {
        awaitArrivedInOrder(from, to, Duration.ofSeconds(60));
    }

    private void awaitArrivedInOrder(long from, long to, Duration within) {
        List<Long> all = LongStream.range(from, to).boxed().toList();
        await().atMost(within).untilAsserted(() -> assertThat(arrived(from, to))
                .as("each event once at least, first arrivals in the order sent").isEqualTo(all));
    }

    private static SpoolAdmin admin(Map<String, Object> settings) {
        return new SpoolAdmin(EmbeddedSettings.spool(Settings.of(settings)), Clock.systemUTC());
    }

    @Test
    void anEventRedisRefusesIsParkedAndStopsOnlyItsTopicUntilRetried() {
        assertThat(redis.command("SET", refusedTopic, "not a stream")).isEqualTo("+OK");
        consume(flowingTopic);
        Map<String, Object> settings = settings(MAX_ATTEMPTS, 10);
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(settings));
             SpoolAdmin admin = admin(settings)) {
            for (long user = 0; user < 20; user++) {
                producer.send(SpoolChild.login(refusedTopic, user));
                producer.send(SpoolChild.login(flowingTopic, FLOWING + user));
            }
            awaitArrivedInOrder(FLOWING, FLOWING + 20);
            await().atMost(Duration.ofSeconds(60)).until(() -> !admin.list(refusedTopic, true, 10).isEmpty());

            List<SpoolEvent> parked = admin.list(null, true, 10);
            assertThat(parked).as("only the topic's first event, the one refused").hasSize(1);
            SpoolEvent first = parked.get(0);
            assertThat(first.topic()).isEqualTo(refusedTopic);
            assertThat(first.eventType()).isEqualTo(LearningSignals.SESSION_LOGIN_COMPLETED.eventType());
            assertThat(first.attempts()).isEqualTo(MAX_ATTEMPTS);
            assertThat(first.lastError()).contains("WRONGTYPE");
            assertThat(admin.list(refusedTopic, false, 100)).as("every event of the topic stays in the spool")
                    .hasSize(20).allSatisfy(event -> assertThat(event.position()).isGreaterThanOrEqualTo(first.position()));
            assertThat(redis.command("TYPE", refusedTopic)).as("nothing of the topic was sent").isEqualTo("+string");
            ProducerHealth health = producer.health();
            assertThat(health.reason()).contains("topic '" + refusedTopic + "' is parked at event " + first.eventId())
                    .contains("WRONGTYPE");
            assertThat(health.pending()).as("the parked topic's events wait").isGreaterThanOrEqualTo(20);

            // The other topic goes on while this one is parked.
            for (long user = 20; user < 40; user++) {
                producer.send(SpoolChild.login(flowingTopic, FLOWING + user));
            }
            awaitArrivedInOrder(FLOWING, FLOWING + 40);
            // The forwarder removes what Redis confirmed every 50 ms.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.status()).singleElement()
                    .satisfies(topic -> {
                        assertThat(topic.topic()).isEqualTo(refusedTopic);
                        assertThat(topic.events()).isEqualTo(20);
                        assertThat(topic.parked()).isEqualTo(1);
                    }));

            // The operator fixes the key and retries: the running forwarder takes the topic up again.
            assertThat(redis.command("DEL", refusedTopic)).isEqualTo(":1");
            assertThat(admin.retry(refusedTopic, List.of())).isEqualTo(1);
            consume(refusedTopic);
            awaitArrivedInOrder(0, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.status().isEmpty());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(producer.health())
                    .extracting(ProducerHealth::state, ProducerHealth::pending).containsExactly(HealthState.RUNNING, 0L));
        }
    }

    /** Its type gone after an upgrade, say: the event never decodes again, so it parks at once and holds its topic. */
    @Test
    void anEventThatNoLongerDecodesIsParkedAtOnceAndHoldsItsTopicInOrder() {
        Map<String, Object> settings = settings(MAX_ATTEMPTS, 10);
        try (SqliteStore spool = new SqliteStore(EmbeddedSettings.spool(Settings.of(settings)))) {
            spool.append(refusedTopic, MetadataCodec.BARE_FIELDS.toFields(EventsMetadata.of("org.openedx.test.gone.v1")),
                    null, new byte[] {1, 2, 3}, System.currentTimeMillis(), "{\"topic\": \"" + refusedTopic + "\"}");
        }
        consume(flowingTopic);
        consume(refusedTopic);
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(settings));
             SpoolAdmin admin = admin(settings)) {
            for (long user = 0; user < 5; user++) {
                producer.send(SpoolChild.login(refusedTopic, user));
                producer.send(SpoolChild.login(flowingTopic, FLOWING + user));
            }
            awaitArrivedInOrder(FLOWING, FLOWING + 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.list(refusedTopic, true, 10).isEmpty());
            SpoolEvent gone = admin.list(refusedTopic, true, 10).get(0);
            assertThat(gone.eventType()).isEqualTo("org.openedx.test.gone.v1");
            assertThat(gone.attempts()).as("parked at the first try").isEqualTo(1);
            assertThat(gone.lastError()).contains("cannot be decoded again");
            assertThat(arrived(0, 5)).as("the topic's later events wait behind it").isEmpty();
            assertThat(admin.list(refusedTopic, false, 100)).hasSize(6);

            assertThat(admin.purge(refusedTopic, List.of(gone.position()))).isEqualTo(1);
            awaitArrivedInOrder(0, 5);
        }
    }

    @Test
    void whileARefusedEventWaitsToBeSentAgainOtherTopicsGoOn() {
        assertThat(redis.command("SET", refusedTopic, "not a stream")).isEqualTo("+OK");
        consume(flowingTopic);
        Map<String, Object> settings = settings(1_000, 10);
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(settings));
             SpoolAdmin admin = admin(settings)) {
            producer.send(SpoolChild.login(refusedTopic, 0));
            // The 7th refusal (after 0.2 + 0.4 + ... + 6.4 s of waits) makes the topic wait the longest, 10 s.
            await().atMost(Duration.ofSeconds(90)).until(() -> admin.list(refusedTopic, false, 1).get(0).attempts() >= 7);
            int attempts = admin.list(refusedTopic, false, 1).get(0).attempts();
            for (long user = 0; user < 20; user++) {
                producer.send(SpoolChild.login(flowingTopic, FLOWING + user));
            }
            // Well within the refused topic's 10 s wait: a forwarder that waited for it would take longer.
            awaitArrivedInOrder(FLOWING, FLOWING + 20, Duration.ofSeconds(8));
            assertThat(admin.list(refusedTopic, false, 1).get(0).attempts())
                    .as("the other topic went on during the refused topic's wait").isEqualTo(attempts);
            assertThat(admin.list(null, true, 10)).isEmpty();
        }
    }

    @Test
    void redisAwayLongerThanTheDeliveryTimeoutParksNothing() {
        Map<String, Object> settings = settings(1, 1);
        consume(flowingTopic);
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(settings));
             SpoolAdmin admin = admin(settings)) {
            for (long user = 0; user < 100; user++) {
                producer.send(SpoolChild.login(flowingTopic, user));
            }
            awaitArrivedInOrder(0, 100);
            redis.stop();
            for (long user = 100; user < 200; user++) {
                producer.send(SpoolChild.login(flowingTopic, user));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> producer.health().state() == HealthState.RECONNECTING);
            // Several failed forwards (each after the 1 s delivery timeout), with one refusal enough to park.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.list(null, false, 1_000)).hasSize(100)
                            .allSatisfy(event -> assertThat(event.attempts()).isZero()).noneMatch(SpoolEvent::parked));
            redis.restart();
            awaitArrivedInOrder(0, 200);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.status().isEmpty());
        }
    }
}
