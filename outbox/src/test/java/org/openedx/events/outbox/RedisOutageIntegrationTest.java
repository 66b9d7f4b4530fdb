package org.openedx.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.settings.Settings;

/**
 * Redis stopped for 30 s while an application commits events and the relay publishes them: the
 * rows wait in the outbox (none parked), and once Redis is back every event is published, in order.
 */
@Tag("integration")
class RedisOutageIntegrationTest {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static TestDatabase database;
    private static RedisServer redis;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.postgres("outbox_outage");
        // Append-only, so that what Redis confirmed before it stopped is there when it is back.
        redis = RedisServer.start(Files.createTempDirectory("outbox-outage-redis"), "--appendonly", "yes");
    }

    @AfterAll
    static void stop() {
        redis.close();
        database.close();
    }

    @Test
    void redisStoppedForThirtySecondsLosesNothing() throws Exception {
        String prefix = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        Settings settings = OutboxTestSupport.settings(redis.url(), prefix, List.of("logins"),
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 2, "EVENT_BUS_OUTBOX_MAX_ATTEMPTS", 2);
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        OutboxAdmin admin = new OutboxAdmin(database.dataSource(), Clock.systemUTC());
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        EventReceiver recorder = OutboxIntegrationTest.recordIds(committed);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .outbox(JdbcOutbox.create(transactions)).start();
             OutboxRelay relay = OutboxRelay.start(database.dataSource(), (StoredEventProducer) bus.producer(), settings)) {
            Thread writer = new Thread(() -> {
                long user = 1;
                while (writing.get()) {
                    long from = user;
                    try {
                        transactions.inTransaction(connection -> {
                            OutboxIntegrationTest.sendLogins(from, 10);
                            return null;
                        });
                        Thread.sleep(20);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    user += 10;
                }
            }, "application");
            writer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() >= 500);

            redis.stop();
            long publishedBeforeOutage = relay.published();
            Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a condition
            long waiting = database.outboxRows(prefix);
            assertThat(admin.list(null, true, 10)).as("an unreachable Redis parks nothing").isEmpty();
            redis.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> relay.published() > publishedBeforeOutage + waiting);
            writing.set(false);
            writer.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> database.outboxRows(prefix) == 0);

            List<String> received = OutboxTestSupport.eventIds(redis.url(), prefix + "-logins");
            OutboxTestSupport.Delivery delivery = OutboxTestSupport.Delivery.of(committed, received);
            System.out.printf("Redis outage test: %d events committed, %d waited in the outbox at the end of the "
                            + "%d s outage, %d duplicates, %d missing, %d reordered%n", committed.size(), waiting,
                    OUTAGE.toSeconds(), delivery.duplicates(), delivery.missing(), delivery.reordered());
            assertThat(waiting).as("events committed during the outage waited in the outbox").isPositive();
            assertThat(delivery.missing()).isZero();
            assertThat(delivery.reordered()).isZero();
            assertThat(delivery.unexpected()).isZero();
        } finally {
            writing.set(false);
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);
        }
    }
}
