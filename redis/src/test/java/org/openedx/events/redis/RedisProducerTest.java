package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.TOPIC;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.settings.Settings;


/** Pipelined sends: order, backpressure, failures, reconnection. */
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

    private RedisEventProducer producer(Settings settings) {
        return (RedisEventProducer) EventBusBackends.producer(settings);
    }

    private List<Long> userIds(String stream) {
        AvroEventSerializer avro = AvroEventSerializer.defaults();
        return redis.entries(stream).stream().map(e -> avro.deserialize(LOGIN,
                e.getBody().values().toArray(byte[][]::new)[7]).get("user", UserData.class).id()).toList();
    }

    @Test
    void entriesReachEachStreamInSendOrder() {
        try (RedisEventProducer producer = producer(redis.settings())) {
            for (int i = 0; i < 3000; i++) {
                producer.send(LOGIN, i % 3 == 0 ? "other" : TOPIC, "user.pii.username", RedisTestSupport.login(i),
                        LOGIN.generateSignalMetadata(null));
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(producer.delivered()).isEqualTo(3000);
            assertThat(producer.inFlight()).isZero();
        }
        assertThat(userIds(redis.stream)).isEqualTo(range(0, 3000).stream().filter(i -> i % 3 != 0).toList());
        assertThat(userIds(redis.prefix + "-other")).isEqualTo(range(0, 3000).stream().filter(i -> i % 3 == 0)
                .toList());
    }

    @Test
    void aConnectedProducerWithItsBufferFullMakesSendersWaitInsteadOfDroppingEvents() {
        try (RedisEventProducer producer = producer(redis.settings("EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 8))) {
            for (int i = 0; i < 5000; i++) {
                producer.send(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(i),
                        LOGIN.generateSignalMetadata(null));
                assertThat(producer.inFlight()).isLessThanOrEqualTo(8);
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(producer.failures()).isZero();
        }
        assertThat(userIds(redis.stream)).isEqualTo(range(0, 5000));
    }

    @Test
    void anUnreachableRedisFailsSendsPastTheBufferAtOnceAndTheRestAfterTheDeliveryTimeout() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1/0",
                "EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 5, "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 1);
        try (RedisEventProducer producer = producer(settings)) {
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                producer.send(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(i),
                        LOGIN.generateSignalMetadata(null));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(producer.failures()).isEqualTo(15);
            assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
            assertThat(producer.failures()).isEqualTo(20);
        }
    }

    @Test
    void closeReportsWhatRedisNeverConfirmedAndLaterSendsFail() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1/0",
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 0.5);
        RedisEventProducer producer = producer(settings);
        producer.send(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(1), LOGIN.generateSignalMetadata(null));
        producer.close();
        assertThat(producer.failures()).isEqualTo(1);
        producer.send(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(2), LOGIN.generateSignalMetadata(null));
        assertThat(producer.failures()).isEqualTo(2);
    }

    @Test
    void dataThatDoesNotEncodeIsAFailedSendNotAnException() {
        try (RedisEventProducer producer = producer(redis.settings())) {
            producer.send(LOGIN, TOPIC, "user.pii.username", EventData.of("user", "not a user"),
                    LOGIN.generateSignalMetadata(null));
            assertThat(producer.failures()).isEqualTo(1);
            assertThat(producer.flush(Duration.ofSeconds(1))).isFalse();
        }
    }

    @Test
    void closeWaitsForEverythingInFlight() {
        RedisEventProducer producer = producer(redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", 100_000));
        for (int i = 0; i < 20_000; i++) {
            producer.send(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(i),
                    LOGIN.generateSignalMetadata(null));
        }
        producer.close();
        assertThat(producer.failures()).isZero();
        assertThat(redis.redis().xlen(RedisTestSupport.bytes(redis.stream))).isEqualTo(20_000L);
    }

    @Test
    void theProducerResendsAcrossAKilledConnection() {
        String name = "producer-" + redis.prefix;
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL",
                RedisTestSupport.URL + "?client_name=" + name);
        try (RedisEventProducer producer = producer(settings)) {
            for (int i = 0; i < 2000; i++) {
                producer.send(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(i),
                        LOGIN.generateSignalMetadata(null));
                if (i % 500 == 250) {
                    await().until(() -> redis.killClientsNamed(name) > 0);
                }
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(producer.failures()).isZero();
        }
        List<Long> ids = userIds(redis.stream);
        assertThat(ids).containsAll(range(0, 2000));
        // Lettuce re-sends what was written and not confirmed when the connection died: at least once, in order.
        assertThat(ids.stream().distinct().toList()).as(() -> jumps(ids)).isEqualTo(range(0, 2000));
        assertThat(ids.subList(0, 250)).isEqualTo(range(0, 250));
    }
}
