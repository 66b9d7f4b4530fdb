package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.settings.Settings;

/**
 * A server with {@code requirepass}, of the test's own: a wrong password is said (the
 * server's {@code WRONGPASS}) and fails at once, rather than after the delivery timeout or
 * with endless reconnections; the right one works.
 */
@Tag("integration")
class RedisAuthTest {

    private static final String PASSWORD = "s3cret pass@word";

    @TempDir
    Path dir;
    private RedisServer server;
    private RedisTestSupport redis;

    @BeforeEach
    void startServer() {
        server = RedisServer.start(dir, "--requirepass", PASSWORD);
        redis = new RedisTestSupport("redis://:" + encoded(PASSWORD) + "@127.0.0.1:" + server.port() + "/0");
    }

    @AfterEach
    void stopServer() {
        try {
            redis.close();
        } finally {
            server.stop();
        }
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Settings withPassword(String password, Object... more) {
        Settings settings = redis.settings(more);
        return settings.toBuilder().put("EVENT_BUS_REDIS_CONNECTION_URL",
                "redis://:" + encoded(password) + "@127.0.0.1:" + server.port() + "/0").build();
    }

    @Test
    void aWrongPasswordFailsTheSendAtOnceWithTheServersAnswer() {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
                failures.add(error);
            }
        };
        Settings wrong = withPassword("wrong-" + PASSWORD);
        long start = System.nanoTime();
        try (EventBusProducer producer = EventBusBackends.producer(wrong, listener, Clock.systemUTC())) {
            producer.send(RedisTestSupport.loginEvent(1));
            producer.send(RedisTestSupport.loginEvent(2));
            assertThat(producer.flush(Duration.ofSeconds(30))).isFalse();
            assertThat(producer.stats().failed()).isEqualTo(2);
        }
        // The delivery timeout is 30 s: refused credentials are not waited out.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(failures).hasSize(2).allSatisfy(error -> assertThat(error.getMessage())
                .contains("WRONGPASS").contains("redis://:****@127.0.0.1:" + server.port() + "/0")
                .doesNotContain("wrong-"));
    }

    @Test
    void theRightPasswordWorks() {
        Settings right = withPassword(PASSWORD);
        redis.produce(right, 0, 5);
        redis.start(right, "grp", Map.of("consumer_name", "c1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.userIds().size() == 5);
    }

    @Test
    void aWrongPasswordEndsTheConsumerAtOnceNamingTheMaskedUrlAndTheCause() {
        // No errors limit: a consumer that only retried would never end.
        List<Throwable> ended = Collections.synchronizedList(new ArrayList<>());
        redis.start(withPassword("wrong-" + PASSWORD), "grp", Map.of(), ended);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ended.isEmpty());
        assertThat(ended.get(0)).isInstanceOf(RedisBusException.class)
                .hasMessageContaining("redis://:****@127.0.0.1:" + server.port() + "/0")
                .hasMessageContaining("WRONGPASS").hasMessageNotContaining("wrong-");
    }
}
