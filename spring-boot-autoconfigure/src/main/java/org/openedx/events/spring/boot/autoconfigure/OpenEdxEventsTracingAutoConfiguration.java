package org.openedx.events.spring.boot.autoconfigure;

import io.opentelemetry.api.OpenTelemetry;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Traces sends and handled events with the application's {@link OpenTelemetry} (Spring Boot's
 * OpenTelemetry support, which Micrometer Tracing's OpenTelemetry bridge shares), so that the
 * bus's spans join the application's traces and go where its exporter sends them.
 */
@AutoConfiguration(before = OpenEdxEventsAutoConfiguration.class,
        afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({OpenTelemetry.class, OpenTelemetryEventTracing.class})
@ConditionalOnBean(OpenTelemetry.class)
public class OpenEdxEventsTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EventTracing openEdxEventsOpenTelemetryTracing(OpenTelemetry openTelemetry) {
        return OpenTelemetryEventTracing.create(openTelemetry);
    }
}
