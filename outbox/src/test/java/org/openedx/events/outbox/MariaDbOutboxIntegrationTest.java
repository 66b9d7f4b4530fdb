package org.openedx.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.redis.testing.RedisServices;
import org.openedx.events.settings.Settings;

/** The same migrations' MariaDB variant and the same relay on the MariaDB at 127.0.0.1:3306. */
@Tag("integration")
@ExtendWith(RedisServices.class)
class MariaDbOutboxIntegrationTest {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.mariadb("outbox_maria");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void committedEventsArePublishedInOrderAndRolledBackOnesNever() throws Exception {
        String prefix = "maria-" + UUID.randomUUID().toString().substring(0, 8);
        Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix, List.of("logins"));
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        OutboxAdmin admin = new OutboxAdmin(database.dataSource(), Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxMetrics.bind(registry, admin, Clock.systemUTC());
        List<String> sent = new ArrayList<>();
        EventReceiver recorder = OutboxIntegrationTest.recordIds(sent);
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .outbox(JdbcOutbox.create(transactions)).start()) {
            assertThatThrownBy(() -> transactions.inTransaction(connection -> {
                OutboxIntegrationTest.sendLogins(1, 3);
                throw new IllegalStateException("rolled back");
            })).isInstanceOf(IllegalStateException.class);
            sent.clear();
            transactions.inTransaction(connection -> {
                OutboxIntegrationTest.sendLogins(10, 50);
                return null;
            });
            assertThat(admin.status()).singleElement().satisfies(s -> assertThat(s.rows()).isEqualTo(50));
            assertThat(registry.get(OutboxMetrics.ROWS).gauge().value()).isEqualTo(50);

            try (OutboxRelay relay = OutboxRelay.start(database.dataSource(), (StoredEventProducer) bus.producer(),
                    settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> database.outboxRows(prefix) == 0);
            }
            assertThat(OutboxTestSupport.eventIds(RedisServices.url(), prefix + "-logins")).containsExactlyElementsOf(sent);
        } finally {
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);
        }
    }
}
