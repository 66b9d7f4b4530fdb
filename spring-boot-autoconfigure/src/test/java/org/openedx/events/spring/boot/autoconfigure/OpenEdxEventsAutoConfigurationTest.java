package org.openedx.events.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.OnEvent;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.micrometer.EventBusMetrics;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openedx.events.testkit.InMemoryEventBus;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class OpenEdxEventsAutoConfigurationTest {

    private static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";
    private static final UserData ADA = new UserData(42, true, new UserPersonalData("ada", "ada@example.com", "Ada"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenEdxEventsMetricsAutoConfiguration.class,
                    OpenEdxEventsTracingAutoConfiguration.class, OpenEdxEventsAutoConfiguration.class,
                    OpenEdxEventsHealthAutoConfiguration.class))
            .withPropertyValues("openedx.events.audit-logging-enabled=false");

    /** The login event published to {@code user-login}, in the bus of {@link InMemoryEventBus}. */
    private final ApplicationContextRunner publishing = runner.withUserConfiguration(InMemoryBus.class)
            .withPropertyValues("openedx.events.producer-config." + LOGIN + ".user-login.event_key_field=user.pii.username",
                    "openedx.events.producer-config." + LOGIN + ".user-login.enabled=true");

    @Test
    void onEventBeanMethodsAreConnectedWhileTheContextRuns() {
        runner.withUserConfiguration(LoginAudit.class).run(context -> {
            LoginAudit audit = context.getBean(LoginAudit.class);
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
            assertThat(audit.users).containsExactly("ada");
            context.close();
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
            assertThat(audit.users).containsExactly("ada");
        });
    }

    @Test
    void insideATransactionTheEventIsPublishedAfterCommitAndNotAtAllAfterRollback() {
        publishing.withUserConfiguration(LoginAudit.class, Transactions.class).run(context -> {
            InMemoryEventBus memory = context.getBean(InMemoryEventBus.class);
            LoginAudit audit = context.getBean(LoginAudit.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);

            transaction.executeWithoutResult(status -> {
                LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
                assertThat(audit.users).as("in-process receivers run at once").hasSize(1);
                status.setRollbackOnly();
            });
            assertThat(memory.messages("user-login")).isEmpty();

            transaction.executeWithoutResult(status -> {
                LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
                assertThat(memory.messages("user-login")).as("not before the commit").isEmpty();
            });
            context.getBean(EventBus.class).producer().flush(java.time.Duration.ofSeconds(5));
            assertThat(memory.messages("user-login")).hasSize(1);
        });
    }

    @Test
    void aPropertyKeepsTheImmediateMode() {
        publishing.withUserConfiguration(Transactions.class).withPropertyValues("openedx.events.producer-mode=immediate")
                .run(context -> {
                    context.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
                        LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
                        status.setRollbackOnly();
                    });
                    context.getBean(EventBus.class).producer().flush(java.time.Duration.ofSeconds(5));
                    assertThat(context.getBean(InMemoryEventBus.class).messages("user-login")).hasSize(1);
                });
    }

    @Test
    void aReceiverThatKeepsFailingIsRetriedThenItsEventDeadLettered() {
        publishing.withUserConfiguration(FailingReceiver.class).run(context -> {
            InMemoryEventBus memory = context.getBean(InMemoryEventBus.class);
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
            context.getBean(EventBus.class).producer().flush(java.time.Duration.ofSeconds(5));
            FailingReceiver receiver = context.getBean(FailingReceiver.class);
            receiver.calls.clear();

            memory.drain("user-login", "audit");

            assertThat(receiver.calls).as("the first attempt and 3 retries, each from the bus").containsExactly(true, true, true, true);
            assertThat(memory.deadLetters("user-login")).hasSize(1);
        });
    }

    @Test
    void aWrongValueFailsTheStartWithAMessageNamingTheProperty() {
        runner.withPropertyValues("openedx.events.consumer-max-retries=-1").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new EventBusSettingsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("Invalid setting openedx.events.consumer-max-retries "
                    + "(EVENT_BUS_CONSUMER_MAX_RETRIES): ").endsWith("'-1'");
        });
    }

    @Test
    void theConsumersAreThoseOfTheConsumerConfigUnlessTurnedOff() {
        ApplicationContextRunner consuming = runner.withPropertyValues(
                "openedx.events.consumer-config.user-login.group_id=audit",
                "openedx.events.consumer-config.user-login.enabled=true");
        consuming.run(context -> assertThat(context.getBean(ConsumerWorkersLifecycle.class).specs())
                .containsExactly(ConsumerSpec.of("user-login", "audit")));
        consuming.withPropertyValues("openedx.events.workers.enabled=false").run(context ->
                assertThat(context.getBean(ConsumerWorkersLifecycle.class).specs()).isEmpty());
    }

    @Test
    void theMetersGoToTheApplicationsRegistry() {
        publishing.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context).hasSingleBean(EventBusMetrics.class);
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
            context.getBean(EventBus.class).producer().flush(java.time.Duration.ofSeconds(5));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(EventBusMetrics.SENT).tag(EventBusMetrics.OUTCOME, EventBusMetrics.DELIVERED)
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get(EventBusMetrics.PENDING).gauge().value()).isZero();
        });
    }

    @Test
    void tracingUsesTheApplicationsOpenTelemetry() {
        runner.run(context -> assertThat(context.getBean(EventTracing.class))
                .isNotInstanceOf(OpenTelemetryEventTracing.class));
        runner.withBean(OpenTelemetry.class, OpenTelemetry::noop).run(context ->
                assertThat(context.getBean(EventTracing.class)).isInstanceOf(OpenTelemetryEventTracing.class));
    }

    @Test
    void healthHasTheProducerAndEachConsumer() {
        String[] consumer = {"openedx.events.consumer-config.user-login.group_id=audit",
            "openedx.events.consumer-config.user-login.enabled=true"};
        publishing.run(context -> assertThat(((HealthIndicator) context.getBean(CompositeHealthContributor.class)
                .getContributor("producer")).health().getStatus()).as("no event delivered yet").isEqualTo(Status.UNKNOWN));
        runner.withPropertyValues(consumer).run(context -> {
            CompositeHealthContributor health = context.getBean(CompositeHealthContributor.class);
            assertThat(((HealthIndicator) health.getContributor("consumer-user-login-audit")).health().getStatus())
                    .as("before the application is ready").isEqualTo(Status.UNKNOWN);
            assertThat(health.getContributor("producer")).as("no producer configured").isNull();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class InMemoryBus {
        @Bean
        InMemoryEventBus memory() {
            return new InMemoryEventBus();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Transactions {
        @Bean(destroyMethod = "destroy")
        SingleConnectionDataSource dataSource() {
            return new SingleConnectionDataSource("jdbc:sqlite::memory:", true);
        }

        @Bean
        TransactionTemplate transactionTemplate(DataSource dataSource) {
            return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    static class LoginAudit {
        final List<String> users = new ArrayList<>();

        @OnEvent(LOGIN)
        void onLogin(UserData user) {
            users.add(user.pii().username());
        }
    }

    static class FailingReceiver {
        final List<Boolean> calls = new ArrayList<>();

        @OnEvent(LOGIN)
        void onLogin(UserData user, boolean fromEventBus) {
            calls.add(fromEventBus);
            throw new IllegalStateException("the audit database is down");
        }
    }
}
