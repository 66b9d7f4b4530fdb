package org.openedx.events.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.outbox.JdbcOutbox;
import org.openedx.events.outbox.OutboxMetrics;
import org.openedx.events.testkit.InMemoryEventBus;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox in a Spring Boot application, on the PostgreSQL at 127.0.0.1:5432 (a database of this
 * class's own): a Spring transaction's events are written in it and relayed after the commit, none
 * after a rollback; a failed outbox write rolls the caller's data back even when the caller goes on;
 * the relay runs with the context; a missing outbox fails the start naming the topic and the setting.
 */
@Tag("integration")
class OutboxAutoConfigurationIntegrationTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";
    private static final String DATABASE = "spring_outbox_" + UUID.randomUUID().toString().substring(0, 8);
    private static final UserData ADA = new UserData(42, true, new UserPersonalData("ada", "ada@example.com", "Ada"));

    /** The bus publishing logins to {@code user-login}, in the bus of {@link InMemoryEventBus}; no database. */
    private final ApplicationContextRunner withoutDatabase = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenEdxEventsAutoConfiguration.class,
                    OpenEdxEventsOutboxAutoConfiguration.class))
            .withBean(InMemoryEventBus.class, InMemoryEventBus::new)
            .withPropertyValues("openedx.events.audit-logging-enabled=false", "openedx.events.outbox.poll-interval=0.01",
                    "openedx.events.producer-config." + LOGIN + ".user-login.event_key_field=user.pii.username",
                    "openedx.events.producer-config." + LOGIN + ".user-login.enabled=true");

    /** The same with Spring Boot's data source, transaction manager and templates on the test's database. */
    private final ApplicationContextRunner application = withoutDatabase
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + SERVER + DATABASE, "spring.datasource.username=postgres");

    private final ApplicationContextRunner outboxMode = application
            .withPropertyValues("openedx.events.producer-mode=outbox");

    @BeforeAll
    static void createDatabase() throws SQLException {
        administer("CREATE DATABASE " + DATABASE);
        try (Connection connection = DriverManager.getConnection(SERVER + DATABASE, "postgres", "")) {
            connection.createStatement().execute("CREATE TABLE login (username TEXT NOT NULL)");
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        administer("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void aCommitRelaysItsEventsAndARollbackLeavesNone() {
        outboxMode.run(context -> {
            InMemoryEventBus memory = context.getBean(InMemoryEventBus.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);

            transaction.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO login (username) VALUES ('rolled-back')");
                LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
                assertThat(outboxRows(jdbc)).as("the row, in the transaction").isEqualTo(1);
                status.setRollbackOnly();
            });
            assertThat(outboxRows(jdbc)).isZero();

            transaction.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO login (username) VALUES ('ada')");
                LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
                LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", new UserData(7, true,
                        new UserPersonalData("grace", "grace@example.com", "Grace"))));
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> memory.messages("user-login").size() == 2);
            assertThat(memory.messages("user-login")).extracting(InMemoryEventBus.Message::key)
                    .containsExactly("ada", "grace");
            await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows(jdbc) == 0);
            assertThat(jdbc.queryForList("SELECT username FROM login", String.class)).containsExactly("ada");
            jdbc.update("DELETE FROM login");
        });
    }

    @Test
    void aFailedOutboxWriteRollsBackTheCallersDataEvenWhenTheCallerGoesOn() {
        outboxMode.run(context -> {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            jdbc.execute("ALTER TABLE event_bus_outbox RENAME TO event_bus_outbox_away");
            try {
                assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    jdbc.update("INSERT INTO login (username) VALUES ('no-event')");
                    // As upstream's send_robust, sendEvent logs the bridge's failure and returns: the caller goes on.
                    LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
                })).isInstanceOf(UnexpectedRollbackException.class);
            } finally {
                jdbc.execute("ALTER TABLE event_bus_outbox_away RENAME TO event_bus_outbox");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM login", Long.class)).isZero();
        });
    }

    @Test
    void aFailedOutboxWriteInATransactionalMethodFailsTheCallInsteadOfCommitting() {
        outboxMode.withBean(Logins.class).run(context -> {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            jdbc.execute("ALTER TABLE event_bus_outbox RENAME TO event_bus_outbox_away");
            try {
                assertThatThrownBy(() -> context.getBean(Logins.class).login("no-event"))
                        .isInstanceOf(UnexpectedRollbackException.class);
            } finally {
                jdbc.execute("ALTER TABLE event_bus_outbox_away RENAME TO event_bus_outbox");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM login", Long.class)).isZero();
        });
    }

    @Test
    void theRelayRunsWithTheContextAndWhatItDidNotRelayWaitsInTheOutbox() {
        outboxMode.run(context -> {
            InMemoryEventBus memory = context.getBean(InMemoryEventBus.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            OutboxRelayLifecycle relay = context.getBean(OutboxRelayLifecycle.class);
            assertThat(relay.isRunning()).isTrue();

            context.stop();
            assertThat(relay.isRunning()).isFalse();
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
            assertThat(outboxRows(jdbc)).as("outside a transaction: committed at once, not relayed").isEqualTo(1);
            assertThat(memory.messages("user-login")).isEmpty();

            context.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> memory.messages("user-login").size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows(jdbc) == 0);
            assertThat(relay.relay().orElseThrow().published()).isEqualTo(1);

            context.close();
            assertThat(relay.isRunning()).as("stopped with the context, before the bus").isFalse();
        });
    }

    @Test
    void theOutboxHasGaugesAndHealth() {
        outboxMode.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withConfiguration(AutoConfigurations.of(OpenEdxEventsHealthAutoConfiguration.class))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(OutboxMetrics.ROWS).gauge().value()).isZero();
                    HealthIndicator health = context.getBean("openEdxEventsOutboxHealthIndicator", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(health.health().getDetails()).containsEntry("rows", 0L).containsEntry("parked", 0L);
                    context.stop();
                    assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                });
    }

    @Test
    void noOutboxIsMadeWhenNoTopicIsInOutboxMode() {
        application.run(context -> assertThat(context).doesNotHaveBean(OutboxRelayLifecycle.class)
                .doesNotHaveBean(JdbcOutbox.class));
    }

    @Test
    void outboxModeWithoutItsRequirementsFailsTheStartNamingTheTopicAndTheSetting() {
        String topic = "Event type " + LOGIN + ", topic 'user-login': mode 'outbox' (set by ";
        outboxMode.withClassLoader(new FilteredClassLoader(JdbcOutbox.class)).run(context ->
                assertThat(failure(context.getStartupFailure())).isEqualTo(topic
                        + "openedx.events.producer-mode (EVENT_BUS_PRODUCER_MODE)) needs the openedx-events-outbox "
                        + "module on the class path"));
        withoutDatabase.withPropertyValues("openedx.events.producer-config." + LOGIN + ".user-login.mode=outbox")
                .run(context -> assertThat(failure(context.getStartupFailure())).isEqualTo(topic
                        + "its entry's 'mode' in openedx.events.producer-config (EVENT_BUS_PRODUCER_CONFIG)) needs "
                        + "one DataSource bean, the database of the outbox table (spring.datasource.url)"));
    }

    /** An application service: its data and its event in one declarative transaction. */
    static class Logins {
        private final JdbcTemplate jdbc;

        Logins(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional
        public void login(String username) {
            jdbc.update("INSERT INTO login (username) VALUES (?)", username);
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
        }
    }

    private static String failure(Throwable startupFailure) {
        FailureAnalysis analysis = new EventBusSettingsFailureAnalyzer().analyze(startupFailure);
        assertThat(analysis).as("a failure the analyzer explains: %s", startupFailure).isNotNull();
        return analysis.getDescription();
    }

    private static long outboxRows(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM event_bus_outbox", Long.class);
    }

    private static void administer(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            connection.createStatement().execute(sql);
        }
    }
}
