package org.openedx.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.bus.EventBus;
import org.openedx.events.settings.Settings;

class MetadataFactoryTest {

    private static final Instant NOW = Instant.parse("2024-03-01T10:15:30.123456789Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aFactoryWithAFixedClockMakesMetadataAtThatTimeToTheMicrosecond() {
        MetadataFactory factory = MetadataFactory.builder().clock(FIXED).serviceName("discovery")
                .sourcehost("box").sourcelib(List.of(11, 2, 0)).build();
        EventsMetadata metadata = factory.create("org.openedx.test.v1", 1, null);
        assertThat(metadata.time()).isEqualTo(OffsetDateTime.parse("2024-03-01T10:15:30.123456Z"));
        assertThat(metadata.source()).isEqualTo("openedx/discovery/web");
        assertThat(metadata.sourcehost()).isEqualTo("box");
        assertThat(metadata.sourcelibText()).isEqualTo("11.2.0");
        assertThat(metadata.minorversion()).isEqualTo(1);
        assertThat(metadata.id().version()).isEqualTo(1);
        assertThat(factory.create("org.openedx.test.v1", 0, null).id()).isNotEqualTo(metadata.id());
    }

    @Test
    void sendOptionsAndTheRunningBusChooseTheFactory() {
        OpenEdxPublicSignal signal = TestData.loginSignal("factory");
        List<ReceivedEvent> seen = new java.util.ArrayList<>();
        signal.connect(seen::add);
        MetadataFactory fixed = MetadataFactory.builder().clock(FIXED).build();
        signal.sendEvent(EventData.of("user", TestData.user(1)), SendOptions.DEFAULT.metadataFactory(fixed));
        assertThat(seen.get(0).metadata().time().toInstant()).isEqualTo(Instant.parse("2024-03-01T10:15:30.123456Z"));

        try (EventBus bus = EventBus.builder().settings(Settings.of(Map.of("EVENTS_SERVICE_NAME", "credentials")))
                .clock(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC)).start()) {
            signal.sendEvent(EventData.of("user", TestData.user(2)));
        }
        assertThat(seen.get(1).metadata().source()).isEqualTo("openedx/credentials/web");
        assertThat(seen.get(1).metadata().time()).isEqualTo(OffsetDateTime.parse("2020-01-01T00:00:00Z"));

        signal.sendEvent(EventData.of("user", TestData.user(3)));
        assertThat(seen.get(2).metadata().time().toInstant()).as("after the bus, the system clock").isAfter(
                Instant.parse("2024-03-02T00:00:00Z"));
    }
}
