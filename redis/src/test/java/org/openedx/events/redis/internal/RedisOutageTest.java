package org.openedx.events.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.redis.RedisSettings;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.redis.testing.Stderr;
import org.openedx.events.settings.Settings;

/**
 * A producer sending fast to a Redis that is down, on a server of the test's own: it tries to
 * connect once per backoff step, not once per send, and logs the outage once and its end once.
 */
@Tag("integration")
class RedisOutageTest {

    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    private static final int RATE_PER_SECOND = 1000;
    private static final int SECONDS_DOWN = 4;

    @TempDir
    Path dir;

    @Test
    void sendsWhileRedisIsDownDoNotMakeTheProducerReconnectOrLogMoreOften() throws Exception {
        RedisServer server = RedisServer.start(dir);
        server.stop();
        Settings settings = Settings.of(Map.of("EVENT_BUS_REDIS_CONNECTION_URL", server.url(),
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 60));
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ProducerTransport.WriteCallback callback = new ProducerTransport.WriteCallback() {
            @Override
            public void delivered(EncodedEvent event, String position) {
                delivered.incrementAndGet();
            }

            @Override
            public void failed(EncodedEvent event, Throwable error) {
                failed.incrementAndGet();
            }
        };
        byte[] data = AvroEventSerializer.defaults().serialize(LOGIN, EventData.of("user",
                new UserData(1L, true, new UserPersonalData("u", "u@example.com", "U"))));
        int events = RATE_PER_SECOND * SECONDS_DOWN;
        AtomicLong attemptsWhileDown = new AtomicLong();
        String log;
        RedisProducerTransport transport = new RedisProducerTransport(RedisSettings.from(settings));
        try {
            log = Stderr.capturedWhile(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    OutgoingEvent event = new OutgoingEvent(LOGIN, "outage", null, EventData.of("user",
                            new UserData((long) i, true, new UserPersonalData("u", "u@example.com", "U"))),
                            LOGIN.generateSignalMetadata(null));
                    transport.write(new EncodedEvent(event, "outage-test", null, data, System.nanoTime()), callback);
                    next += TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                attemptsWhileDown.set(transport.sender().connectAttempts());
                server.restart();
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() == events);
            });
        } finally {
            transport.close(Duration.ofSeconds(5));
            server.stop();
        }
        long warnings = Arrays.stream(log.split("\n")).filter(line -> line.contains(" WARN ")).count();
        System.out.printf("%d sends in %d s with Redis down: %d connection attempts, %d WARN lines%n", events,
                SECONDS_DOWN, attemptsWhileDown.get(), warnings);
        assertThat(failed.get()).isZero();
        // Backoff from 50 ms doubling to 5 s: 50+100+200+400+800+1600 ms, then one every few seconds.
        assertThat(attemptsWhileDown.get()).as("connection attempts in %d s", SECONDS_DOWN).isBetween(2L, 10L);
        assertThat(log).containsOnlyOnce("cannot be reached").containsOnlyOnce("is reachable and ready after");
        assertThat(warnings).as(log).isEqualTo(2);
    }
}
