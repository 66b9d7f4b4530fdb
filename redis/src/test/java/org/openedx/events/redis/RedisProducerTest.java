package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.TOPIC;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventData;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.settings.Settings;
import org.openedx.events.redis.testing.RedisServices;


/** Pipelined sends: order, backpressure, failures, reconnection; observed through the producer's stats. */
@ExtendWith(RedisServices.class)
@Tag("integration")
class RedisProducerTest {

    private final RedisTestSupport redis = new RedisTestSupport();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    /** Where a list of ids goes other than up by one, for failure messages. */
    private static String jumps(List<Long> ids) {
        StringBuilder jumps = new StringBuilder();
        for (int i = 1; i < ids.size(); i++) {
            if (ids.get(i) != ids.get(i - 1) + 1) {
                jumps.append(" [").append(i).append("] ").append(ids.get(i - 1)).append("->").append(ids.get(i));
            }
        }
        return ids.size() + " ids, jumps:" + jumps;
    }

    private EventBusProducer producer(Settings settings) {
        return EventBusBackends.producer(settings);
    }

    private List<Long> userIds(String stream) {
        AvroEventSerializer avro = AvroEventSerializer.defaults();
        return redis.entries(stream).stream().map(e -> avro.deserialize(LOGIN,
                e.getBody().values().toArray(byte[][]::new)[7]).get("user", UserData.class).id()).toList();
    }

    @Test
    void entriesReachEachStreamInSendOrder() {
        try (EventBusProducer producer = producer(redis.settings())) {
            for (int i = 0; i < 3000; i++) {
                producer.send(new OutgoingEvent(LOGIN, i % 3 == 0 ? "other" : TOPIC, "user.pii.username",
                        RedisTestSupport.login(i), LOGIN.generateSignalMetadata(null)));
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(producer.stats().delivered()).isEqualTo(3000);
            assertThat(producer.stats().pending()).isZero();
        }
        assertThat(userIds(redis.stream)).isEqualTo(range(0, 3000).stream().filter(i -> i % 3 != 0).toList());
        assertThat(userIds(redis.prefix + "-other")).isEqualTo(range(0, 3000).stream().filter(i -> i % 3 == 0)
                .toList());
    }

    @Test
    void eachDeliveryIsReportedWithItsEntryId() {
        List<String> positions = Collections.synchronizedList(new ArrayList<>());
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void delivered(ProducerInfo producer, OutgoingEvent event, String position, long nanos) {
                positions.add(position);
            }
        };
        try (EventBusProducer producer = EventBusBackends.producer(redis.settings(), listener, Clock.systemUTC())) {
            for (int i = 0; i < 100; i++) {
                producer.send(RedisTestSupport.loginEvent(i));
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(positions).containsExactlyElementsOf(redis.entries(redis.stream).stream()
                .map(io.lettuce.core.StreamMessage::getId).toList());
    }

    @Test
    void aConnectedProducerWithItsBufferFullMakesSendersWaitInsteadOfDroppingEvents() {
        try (EventBusProducer producer = producer(redis.settings("EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 8))) {
            for (int i = 0; i < 5000; i++) {
                producer.send(RedisTestSupport.loginEvent(i));
                assertThat(producer.stats().pending()).isLessThanOrEqualTo(8);
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(producer.stats().failed()).isZero();
        }
        assertThat(userIds(redis.stream)).isEqualTo(range(0, 5000));
    }

    @Test
    void anUnreachableRedisFailsSendsPastTheBufferAtOnceAndTheRestAfterTheDeliveryTimeout() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1/0",
                "EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 5, "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 1);
        try (EventBusProducer producer = producer(settings)) {
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                producer.send(RedisTestSupport.loginEvent(i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(producer.stats().failed()).isEqualTo(15);
            assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
            assertThat(producer.stats().failed()).isEqualTo(20);
        }
    }

    /**
     * Whoever sends a failed event again (an outbox relay, a spool) sends it before what followed
     * it, so an event of the same stream must not be stored first: it fails with the earlier one,
     * before its own deadline, while another stream's event waits for its own.
     */
    @Test
    void aTimedOutEventFailsTheLaterEventsOfItsStreamWithItAndNoOther() throws InterruptedException {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1/0",
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 2);
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        Map<Long, Long> failedAt = new ConcurrentHashMap<>();
        Map<Long, Throwable> errors = new ConcurrentHashMap<>();
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
                long user = event.data().get("user", UserData.class).id();
                failedAt.put(user, System.nanoTime());
                errors.put(user, error);
            }
        };
        String otherTopic = TOPIC + "-other";
        try (EventBusProducer producer = EventBusBackends.producer(settings, listener, Clock.systemUTC())) {
            sentAt.put(1L, System.nanoTime());
            producer.send(RedisTestSupport.loginEvent(1));
            Thread.sleep(1000);   // the gap between the two deadlines is the point of the test
            sentAt.put(2L, System.nanoTime());
            producer.send(RedisTestSupport.loginEvent(2));
            sentAt.put(3L, System.nanoTime());
            producer.send(new OutgoingEvent(LOGIN, otherTopic, "user.pii.username", RedisTestSupport.login(3),
                    LOGIN.generateSignalMetadata(null)));
            await().atMost(Duration.ofSeconds(10)).until(() -> failedAt.size() == 3);
        }
        Duration first = Duration.ofNanos(failedAt.get(1L) - sentAt.get(1L));
        Duration behind = Duration.ofNanos(failedAt.get(2L) - sentAt.get(2L));
        Duration other = Duration.ofNanos(failedAt.get(3L) - sentAt.get(3L));
        assertThat(first).as("the first fails at its deadline, not at the next connection attempt")
                .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2700));
        assertThat(behind).as("the later event of the stream fails with the first, before its own deadline")
                .isLessThan(Duration.ofMillis(1700));
        assertThat(errors.get(2L)).isInstanceOf(TransportException.class)
                .hasMessageContaining("an earlier event of stream").hasMessageContaining(TOPIC);
        assertThat(other).as("another stream's event keeps its own deadline").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void closeReportsWhatRedisNeverConfirmedAndLaterSendsFail() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1/0",
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 0.5);
        EventBusProducer producer = producer(settings);
        producer.send(RedisTestSupport.loginEvent(1));
        producer.close();
        assertThat(producer.stats().failed()).isEqualTo(1);
        producer.send(RedisTestSupport.loginEvent(2));
        assertThat(producer.stats().failed()).isEqualTo(2);
    }

    @Test
    void dataThatDoesNotEncodeIsAFailedSendNotAnException() {
        try (EventBusProducer producer = producer(redis.settings())) {
            producer.send(new OutgoingEvent(LOGIN, TOPIC, "user.pii.username", EventData.of("user", "not a user"),
                    LOGIN.generateSignalMetadata(null)));
            assertThat(producer.stats().failed()).isEqualTo(1);
            assertThat(producer.flush(Duration.ofSeconds(1))).isFalse();
        }
    }

    @Test
    void closeWaitsForEverythingInFlight() {
        EventBusProducer producer = producer(redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", 100_000));
        for (int i = 0; i < 20_000; i++) {
            producer.send(RedisTestSupport.loginEvent(i));
        }
        producer.close();
        assertThat(producer.stats().failed()).isZero();
        assertThat(producer.stats().delivered()).isEqualTo(20_000);
        assertThat(redis.redis().xlen(RedisTestSupport.bytes(redis.stream))).isEqualTo(20_000L);
    }

    /**
     * {@code EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY} needs {@code XADD ... ACKED} (Redis 8.2):
     * on an older server the first connection says so, and every send fails at once naming
     * the setting and the server's version, rather than each XADD failing with a syntax error.
     */
    @Test
    void trimmingOnlyAcknowledgedEntriesIsRefusedClearlyByAnOlderServer() {
        String version = redis.redis().info("server").lines().filter(l -> l.startsWith("redis_version:"))
                .map(l -> l.substring("redis_version:".length()).trim()).findFirst().orElseThrow();
        org.junit.jupiter.api.Assumptions.assumeTrue(version.matches("[0-7]\\..*|8\\.[01]\\..*"),
                "Redis " + version + " takes XADD ... ACKED");
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
                failures.add(error);
            }
        };
        Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY", true);
        long start = System.nanoTime();
        try (EventBusProducer producer = EventBusBackends.producer(settings, listener, Clock.systemUTC())) {
            producer.send(RedisTestSupport.loginEvent(1));
            producer.send(RedisTestSupport.loginEvent(2));
            assertThat(producer.flush(Duration.ofSeconds(30))).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(failures).hasSize(2).allSatisfy(error -> assertThat(error.getMessage())
                .contains("EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY").contains("version " + version)
                .contains("8.2"));
        assertThat(redis.redis().exists(RedisTestSupport.bytes(redis.stream))).isZero();
    }

    @Test
    void theProducerResendsAcrossAKilledConnection() {
        String name = "producer-" + redis.prefix;
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL",
                RedisTestSupport.url() + "?client_name=" + name);
        try (EventBusProducer producer = producer(settings)) {
            for (int i = 0; i < 2000; i++) {
                producer.send(RedisTestSupport.loginEvent(i));
                if (i % 500 == 250) {
                    await().until(() -> redis.killClientsNamed(name) > 0);
                }
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(producer.stats().failed()).isZero();
        }
        List<Long> ids = userIds(redis.stream);
        assertThat(ids).containsAll(range(0, 2000));
        // Lettuce re-sends what was written and not confirmed when the connection died: at least once, in order.
        assertThat(ids.stream().distinct().toList()).as(() -> jumps(ids)).isEqualTo(range(0, 2000));
        assertThat(ids.subList(0, 250)).isEqualTo(range(0, 250));
    }
}
