package org.openedx.events.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.bus.EventBus;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openedx.events.testkit.InMemoryEventBus;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Sends are traced with the OpenTelemetry SDK that Spring Boot configures, and reach its exporters. */
class OpenTelemetryTracingTest {

    private static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";

    @Test
    void sendsAreTracedWithSpringBootsOpenTelemetry() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                        OpenEdxEventsTracingAutoConfiguration.class, OpenEdxEventsAutoConfiguration.class))
                .withBean(SdkTracerProvider.class, () -> SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .withBean(InMemoryEventBus.class, InMemoryEventBus::new)
                .withPropertyValues("openedx.events.audit-logging-enabled=false",
                        "openedx.events.producer-config." + LOGIN + ".user-login.event_key_field=user.pii.username",
                        "openedx.events.producer-config." + LOGIN + ".user-login.enabled=true")
                .run(context -> {
                    LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user",
                            new UserData(42, true, new UserPersonalData("ada", "ada@example.com", "Ada"))));
                    assertThat(context.getBean(EventBus.class).producer().flush(Duration.ofSeconds(5))).isTrue();

                    assertThat(exporter.getFinishedSpanItems()).singleElement().satisfies(span -> assertThat(
                            span.getAttributes().asMap()).containsEntry(
                            io.opentelemetry.api.common.AttributeKey.stringKey(OpenTelemetryEventTracing.DESTINATION),
                            "user-login"));
                });
    }
}
