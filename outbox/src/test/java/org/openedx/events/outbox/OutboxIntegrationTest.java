package org.openedx.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.redis.testing.RedisServices;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.EventEnvelope;
import org.openedx.events.wire.StoredEvent;

@Tag("integration")
@ExtendWith(RedisServices.class)
class OutboxIntegrationTest {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.postgres("outbox_it");
        database.execute("CREATE TABLE account (id BIGINT PRIMARY KEY, active BOOLEAN NOT NULL)");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static String prefix() {
        return "outbox-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void deactivate(java.sql.Connection connection, long id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO account (id, active) VALUES (?, FALSE)")) {
            insert.setLong(1, id);
            insert.executeUpdate();
        }
    }

    /** Sends {@code count} login events for users from {@code firstUser}, in the caller's transaction. */
    static void sendLogins(long firstUser, int count) {
        for (long user = firstUser; user < firstUser + count; user++) {
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(OutboxTestSupport.login(user));
        }
    }

    /** Records the id of every login event sent in this process until disconnected. */
    static EventReceiver recordIds(List<String> ids) {
        EventReceiver receiver = event -> ids.add(event.metadata().id().toString());
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        return receiver;
    }

    @Test
    void aRolledBackTransactionPublishesNothingAndACommittedOneExactlyItsEventsInOrder() throws Exception {
        String prefix = prefix();
        Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix, List.of("logins"));
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        List<String> sent = new ArrayList<>();
        EventReceiver recorder = recordIds(sent);
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .outbox(JdbcOutbox.create(transactions)).start();
             OutboxRelay relay = OutboxRelay.start(database.dataSource(), (StoredEventProducer) bus.producer(), settings)) {
            assertThatThrownBy(() -> transactions.inTransaction(connection -> {
                deactivate(connection, 1);
                sendLogins(1, 3);
                throw new SQLException("the application fails after sending");
            })).hasMessage("the application fails after sending");
            List<String> rolledBack = List.copyOf(sent);
            sent.clear();
            assertThat(database.count("account WHERE id = 1")).isZero();
            assertThat(database.outboxRows(prefix)).isZero();

            transactions.inTransaction(connection -> {
                deactivate(connection, 2);
                sendLogins(10, 5);
                return null;
            });

            String stream = prefix + "-logins";
            await().atMost(Duration.ofSeconds(30)).until(() -> OutboxTestSupport.eventIds(RedisServices.url(), stream).size() >= 5);
            assertThat(OutboxTestSupport.eventIds(RedisServices.url(), stream)).containsExactlyElementsOf(sent)
                    .doesNotContainAnyElementsOf(rolledBack);
            await().atMost(Duration.ofSeconds(10)).until(() -> database.outboxRows(prefix) == 0);
            assertThat(database.count("account WHERE id = 2")).isOne();
        } finally {
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);
        }
    }

    @Test
    void aFailedOutboxWriteRollsTheTransactionBack() throws Exception {
        Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix(), List.of("logins"));
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .outbox(JdbcOutbox.create(transactions)).start()) {
            database.execute("ALTER TABLE event_bus_outbox RENAME TO event_bus_outbox_away");
            try {
                assertThatThrownBy(() -> transactions.inTransaction(connection -> {
                    deactivate(connection, 3);
                    sendLogins(1, 1);
                    return null;
                })).isInstanceOf(OutboxException.class)
                        .hasMessageContaining("Cannot write event " + OutboxTestSupport.LOGIN_TYPE)
                        .hasMessageContaining("for topic 'logins' to the outbox");
            } finally {
                database.execute("ALTER TABLE event_bus_outbox_away RENAME TO event_bus_outbox");
            }
            assertThat(database.count("account WHERE id = 3")).as("the application's write is rolled back too").isZero();
        }
    }

    @Test
    void onCommitTopicsArePublishedAfterAJdbcCommitOnly() throws Exception {
        String prefix = prefix();
        Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix, List.of(),
                "EVENT_BUS_PRODUCER_CONFIG", Map.of(OutboxTestSupport.LOGIN_TYPE, Map.of("after", Map.of(
                        "event_key_field", "user.id", "enabled", true, "mode", "on_commit"))));
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions).start()) {
            assertThatThrownBy(() -> transactions.inTransaction(connection -> {
                sendLogins(1, 2);
                throw new IllegalStateException("rolled back");
            })).isInstanceOf(IllegalStateException.class);
            transactions.inTransaction(connection -> {
                sendLogins(5, 1);
                return null;
            });
            bus.producer().flush(Duration.ofSeconds(10));
            assertThat(OutboxTestSupport.eventIds(RedisServices.url(), prefix + "-after")).hasSize(1);
        }
    }

    /** A row the relay cannot publish for good: an event type no signal has (it never gets better). */
    private static StoredEvent unpublishable(String prefix, String topic) {
        EventsMetadata metadata = EventsMetadata.builder("org.openedx.test.unknown.v1").id(UUID.randomUUID())
                .source("openedx/test/web").sourcehost("host").sourcelib(List.of(1, 0, 0))
                .time(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).build();
        return new StoredEvent(topic, prefix + "-" + topic, null, new EventEnvelope(metadata, null, new byte[] {2}));
    }

    @Test
    void aRowThatKeepsFailingIsParkedAndStopsItsTopicUntilRetriedOrPurged() throws Exception {
        String prefix = prefix();
        Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix, List.of("stuck", "free"),
                "EVENT_BUS_OUTBOX_MAX_ATTEMPTS", 2);
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        JdbcOutbox outbox = JdbcOutbox.create(transactions);
        OutboxAdmin admin = new OutboxAdmin(database.dataSource(), Clock.systemUTC());
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions).outbox(outbox).start()) {
            StoredEventProducer producer = (StoredEventProducer) bus.producer();
            StoredEvent bad = unpublishable(prefix, "stuck");
            StoredEvent good = producer.encode(new org.openedx.events.bus.OutgoingEvent(
                    LearningSignals.SESSION_LOGIN_COMPLETED, "stuck", "user.id", OutboxTestSupport.login(7),
                    LearningSignals.SESSION_LOGIN_COMPLETED.generateSignalMetadata(null)));
            StoredEvent other = producer.encode(new org.openedx.events.bus.OutgoingEvent(
                    LearningSignals.SESSION_LOGIN_COMPLETED, "free", "user.id", OutboxTestSupport.login(8),
                    LearningSignals.SESSION_LOGIN_COMPLETED.generateSignalMetadata(null)));
            transactions.inTransaction(connection -> {
                outbox.write(bad);
                outbox.write(good);
                outbox.write(other);
                return null;
            });
            try (OutboxRelay relay = OutboxRelay.start(database.dataSource(), producer, settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> admin.list(prefix + "-stuck", true, 10).size() == 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> OutboxTestSupport.eventIds(RedisServices.url(),
                        prefix + "-free").size() == 1);
                OutboxRow parked = admin.list(prefix + "-stuck", true, 10).get(0);
                assertThat(parked.eventId()).isEqualTo(bad.envelope().metadata().id().toString());
                assertThat(parked.attempts()).isEqualTo(2);
                assertThat(parked.lastError()).contains("org.openedx.test.unknown.v1");
                assertThat(admin.status()).filteredOn(s -> s.fullTopic().equals(prefix + "-stuck")).singleElement()
                        .satisfies(s -> {
                            assertThat(s.rows()).isEqualTo(2);
                            assertThat(s.parked()).isEqualTo(1);
                        });
                assertThat(OutboxTestSupport.eventIds(RedisServices.url(), prefix + "-stuck"))
                        .as("nothing after the parked row is published").isEmpty();

                assertThat(admin.retry(prefix + "-stuck", List.of())).isOne();
                await().atMost(Duration.ofSeconds(30)).until(() -> admin.list(prefix + "-stuck", true, 10).size() == 1);
                assertThat(admin.purge(prefix + "-stuck", List.of(parked.id()))).isOne();
                await().atMost(Duration.ofSeconds(30)).until(() -> OutboxTestSupport.eventIds(RedisServices.url(),
                        prefix + "-stuck").size() == 1);
                assertThat(OutboxTestSupport.eventIds(RedisServices.url(), prefix + "-stuck"))
                        .containsExactly(good.envelope().metadata().id().toString());
            }
        }
    }

    @Test
    void twoRelaysAtOncePublishEachEventOnceInOrder() throws Exception {
        String prefix = prefix();
        List<String> topics = List.of("a", "b", "c");
        Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix, topics,
                "EVENT_BUS_OUTBOX_BATCH_SIZE", 20);
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        List<String> committed = new ArrayList<>();
        EventReceiver recorder = recordIds(committed);
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .outbox(JdbcOutbox.create(transactions)).start();
             var secondProducer = (StoredEventProducer) org.openedx.events.bus.EventBusBackends.producer(settings);
             OutboxRelay first = OutboxRelay.start(database.dataSource(), (StoredEventProducer) bus.producer(), settings);
             OutboxRelay second = OutboxRelay.start(database.dataSource(), secondProducer, settings)) {
            for (int batch = 0; batch < 30; batch++) {
                long from = batch * 100L + 1;
                transactions.inTransaction(connection -> {
                    sendLogins(from, 100);
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> database.outboxRows(prefix) == 0);
            for (String topic : topics) {
                OutboxTestSupport.Delivery delivery = OutboxTestSupport.Delivery.of(committed,
                        OutboxTestSupport.eventIds(RedisServices.url(), prefix + "-" + topic));
                assertThat(delivery).isEqualTo(new OutboxTestSupport.Delivery(0, 0, 0, 0));
            }
            assertThat(first.published() + second.published()).isEqualTo(3L * committed.size());
            assertThat(first.published()).as("both relays took part").isPositive();
            assertThat(second.published()).as("both relays took part").isPositive();
        } finally {
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);
        }
    }
}
