package org.openedx.events.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.OnEvent;
import org.openedx.events.bus.EventBus;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.spring.boot.autoconfigure.OpenEdxEventsAutoConfiguration;
import org.openedx.events.testkit.EnableOpenEdxEvents;
import org.openedx.events.testkit.InMemoryEventBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A {@code @SpringBootTest} with the in-memory bus in place of the configured one, and the test
 * kit's {@link EnableOpenEdxEvents} in force: only the login event is enabled, and its receivers'
 * exceptions reach the test.
 */
@SpringBootTest(classes = AutoConfigureInMemoryEventBusTest.Application.class, properties = {
    "openedx.events.producer=redis",
    "openedx.events.topic-prefix=test",
    "openedx.events.audit-logging-enabled=false",
    "openedx.events.producer-config.org.openedx.learning.auth.session.login.completed.v1.user-login.event_key_field="
            + "user.pii.username",
    "openedx.events.producer-config.org.openedx.learning.auth.session.login.completed.v1.user-login.enabled=true"})
@AutoConfigureInMemoryEventBus
@EnableOpenEdxEvents("org.openedx.learning.auth.session.login.completed.v1")
@DirtiesContext
class AutoConfigureInMemoryEventBusTest {

    private static final UserData ADA = new UserData(42, true, new UserPersonalData("ada", "ada@example.com", "Ada"));

    @Autowired
    InMemoryEventBus memory;

    @Autowired
    LoginAudit audit;

    @Autowired
    EventBus bus;

    @BeforeEach
    void clear() {
        audit.calls.clear();
        audit.failing = false;
    }

    @Test
    void whatTheApplicationSendsGoesToTheInMemoryBusAndBackToItsReceivers() {
        LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA));
        assertThat(bus.producer().flush(Duration.ofSeconds(5))).isTrue();

        assertThat(memory.messages("test-user-login")).singleElement()
                .satisfies(message -> assertThat(message.key()).isEqualTo("ada"));
        assertThat(memory.drain("test-user-login", "audit")).isEqualTo(1);
        assertThat(audit.calls).containsExactly(false, true);
    }

    @Test
    void eventsTheTestDoesNotEnableAreNotSent() {
        assertThat(LearningSignals.COURSE_ENROLLMENT_CREATED.isEnabled()).isFalse();
    }

    @Test
    void aReceiversExceptionReachesTheTest() {
        audit.failing = true;
        assertThatThrownBy(() -> LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", ADA)))
                .hasMessageContaining("audit failed");
    }

    static class LoginAudit {
        final List<Boolean> calls = new ArrayList<>();
        volatile boolean failing;

        @OnEvent("org.openedx.learning.auth.session.login.completed.v1")
        void onLogin(UserData user, boolean fromEventBus) {
            calls.add(fromEventBus);
            if (failing) {
                throw new IllegalStateException("audit failed");
            }
        }
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration(OpenEdxEventsAutoConfiguration.class)
    static class Application {
        @Bean
        LoginAudit loginAudit() {
            return new LoginAudit();
        }
    }
}
