package org.openedx.events.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.settings.Settings;

/** Tracing is off unless enabled, and carries nothing while no OpenTelemetry SDK is registered. */
class GlobalTracingProviderTest {

    @Test
    void theModuleOnTheClassPathTracesNothingUntilEnabled() {
        assertThat(EventTracing.fromSettings(Settings.of(Map.of()))).isSameAs(EventTracing.NONE);
        assertThat(EventTracing.fromSettings(Settings.of(Map.of("EVENT_BUS_TRACING_ENABLED", false))))
                .isSameAs(EventTracing.NONE);
        assertThat(EventTracing.fromSettings(Settings.of(Map.of("EVENT_BUS_TRACING_ENABLED", true))))
                .isInstanceOf(OpenTelemetryEventTracing.class);
    }

    @Test
    void withoutAnSdkASendCarriesNoContext() {
        EventTracing tracing = EventTracing.fromSettings(Settings.of(Map.of("EVENT_BUS_TRACING_ENABLED", "true")));
        SignalRegistry.Snapshot registry = SignalRegistry.snapshot();
        OpenEdxPublicSignal signal = OpenEdxPublicSignal.builder("org.openedx.test.tracing.v1")
                .data("value", String.class).build();
        try {
            EventsMetadata metadata = EventsMetadata.of(signal.eventType());
            EventTracing.SendTrace trace = tracing.send(new ProducerInfo("embedded"),
                    new OutgoingEvent(signal, "t", null, EventData.of("value", "x"), metadata), "t");
            assertThat(trace.carried()).isEmpty();
            trace.delivered("1");
        } finally {
            SignalRegistry.restore(registry);
        }
    }
}
