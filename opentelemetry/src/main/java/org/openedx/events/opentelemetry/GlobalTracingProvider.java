package org.openedx.events.opentelemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.Optional;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.settings.Settings;

/**
 * Enables tracing with {@link GlobalOpenTelemetry} (the SDK an application or the OpenTelemetry
 * Java agent registered) when {@code EVENT_BUS_TRACING_ENABLED} is true; found by core with
 * {@link java.util.ServiceLoader}.
 */
public final class GlobalTracingProvider implements EventTracing.Provider {

    @Override
    public Optional<EventTracing> create(Settings settings) {
        return settings.get(OpenTelemetrySettings.EVENT_BUS_TRACING_ENABLED)
                ? Optional.of(OpenTelemetryEventTracing.create(GlobalOpenTelemetry.get())) : Optional.empty();
    }
}
