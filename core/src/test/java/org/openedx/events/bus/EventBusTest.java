package org.openedx.events.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ProducerConfigurationException;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.ReceiverException;
import org.openedx.events.TestData;
import org.openedx.events.bus.RecordingBackend.RecordingProducer;
import org.openedx.events.internal.NoEventBusProducer;
import org.openedx.events.settings.Settings;

class EventBusTest {

    private static final EventData DATA = EventData.of("user", TestData.user(3));

    private static Map<String, Object> topic(String keyField, boolean enabled) {
        return Map.of("event_key_field", keyField, "enabled", enabled);
    }

    private static Settings settings(OpenEdxPublicSignal signal, Map<String, Object> topics, Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "recording");
        values.put("EVENT_BUS_PRODUCER_CONFIG", Map.of(signal.eventType(), topics));
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void bridgePublishesToEveryEnabledTopicWithTheSameMetadata() {
        OpenEdxPublicSignal signal = TestData.loginSignal("bridge");
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("user-login", topic("user.pii.username", true));
        topics.put("disabled", topic("user.id", false));
        topics.put("audit", topic("user.id", true));

        try (EventBus bus = EventBus.start(settings(signal, topics, "EVENTS_SERVICE_NAME", "discovery"))) {
            signal.sendEvent(DATA);
            RecordingProducer producer = (RecordingProducer) bus.producer();

            assertThat(producer.sent).extracting(RecordingBackend.Sent::topic).containsExactly("user-login", "audit");
            assertThat(producer.sent).extracting(RecordingBackend.Sent::eventKeyField)
                    .containsExactly("user.pii.username", "user.id");
            assertThat(producer.sent.get(0).metadata()).isSameAs(producer.sent.get(1).metadata());
            assertThat(producer.sent.get(0).metadata().source()).isEqualTo("openedx/discovery/web");
            assertThat(producer.sent.get(0).data()).isEqualTo(DATA);
        }
    }

    @Test
    void eventsFromTheBusAreNotPublishedAgain() {
        OpenEdxPublicSignal signal = TestData.loginSignal("recursion");
        try (EventBus bus = EventBus.start(settings(signal, Map.of("t", topic("user.id", true))))) {
            signal.sendEventWithCustomMetadata(signal.generateSignalMetadata(null), DATA);
            assertThat(((RecordingProducer) bus.producer()).sent).isEmpty();
            signal.sendEvent(DATA);
            assertThat(((RecordingProducer) bus.producer()).sent).hasSize(1);
        }
    }

    @Test
    void closingDisconnectsTheBridgeAndClosesTheProducer() {
        OpenEdxPublicSignal signal = TestData.loginSignal("close");
        EventBus bus = EventBus.start(settings(signal, Map.of("t", topic("user.id", true))));
        RecordingProducer producer = (RecordingProducer) bus.producer();
        bus.close();
        signal.sendEvent(DATA);
        assertThat(producer.sent).isEmpty();
        assertThat(producer.closed).isTrue();
        assertThat(signal.receiverCount()).isZero();
    }

    @Test
    void onlyOneBusRunsAtATime() {
        OpenEdxPublicSignal signal = TestData.loginSignal("single");
        try (EventBus bus = EventBus.start(settings(signal, Map.of()))) {
            assertThatThrownBy(() -> EventBus.start(settings(signal, Map.of())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        }
        EventBus.start(settings(signal, Map.of())).close();
    }

    @Test
    void invalidProducerConfigFailsStartUp() {
        OpenEdxPublicSignal signal = TestData.loginSignal("invalidconfig");
        assertThatThrownBy(() -> EventBus.start(settings(signal, Map.of("t", Map.of("enabled", 1)))))
                .isInstanceOf(ProducerConfigurationException.class);
    }

    @Test
    void debugMakesEverySendPlain() {
        OpenEdxPublicSignal signal = TestData.loginSignal("debug");
        signal.connect(event -> {
            throw new java.io.IOException("receiver failed");
        });
        try (EventBus bus = EventBus.start(settings(signal, Map.of(), "DEBUG", true))) {
            assertThatThrownBy(() -> signal.sendEvent(DATA)).isInstanceOf(ReceiverException.class);
        }
        assertThat(signal.sendEvent(DATA)).singleElement().matches(r -> r.failed());
    }

    @Test
    void unsetProducerDropsEventsAfterAWarning() {
        try (EventBus bus = EventBus.start(Settings.of(Map.of()))) {
            assertThat(bus.producer()).isInstanceOf(NoEventBusProducer.class);
        }
    }

    @Test
    void producerIsChosenByNameAliasOrClass() {
        for (String name : List.of("recording", "edx_event_bus_recording.create_producer",
                RecordingProducer.class.getName())) {
            assertThat(EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", name))))
                    .as(name).isInstanceOf(RecordingProducer.class);
        }
    }

    @Test
    void brokenProducerFailsWithTheRealCause() {
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER",
                RecordingBackend.BrokenProducer.class.getName()))))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_PRODUCER=" + RecordingBackend.BrokenProducer.class.getName())
                .hasMessageContaining("EVENT_BUS_TEST_URL is not set")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "rabbit"))))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_PRODUCER=rabbit names no backend")
                .hasMessageContaining("recording");
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "java.lang.String"))))
                .hasMessageContaining("neither an EventBusProducer nor an EventBusBackend");
    }

    @Test
    void consumerNeedsASettingAndKnownOptions() {
        ConsumerSpec spec = new ConsumerSpec("t", "g", Map.of("consumer_name", "c1"));
        assertThatThrownBy(() -> EventBusBackends.consumer(Settings.of(Map.of()), spec))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageStartingWith("Cannot consume events; no consumer configured");
        Settings settings = Settings.of(Map.of("EVENT_BUS_CONSUMER", "edx_event_bus_recording.RecordingEventConsumer"));
        assertThat(EventBusBackends.consumer(settings, spec)).isInstanceOf(RecordingBackend.IdleConsumer.class);
        assertThatThrownBy(() -> EventBusBackends.consumer(settings, new ConsumerSpec("t", "g", Map.of("colour", 1))))
                .hasMessage("Unknown option 'colour' for the recording consumer of topic 't'; accepted: [consumer_name]");
        RecordingBackend.IdleConsumer byClass = (RecordingBackend.IdleConsumer) EventBusBackends.consumer(
                Settings.of(Map.of("EVENT_BUS_CONSUMER", RecordingBackend.IdleConsumer.class.getName())), spec);
        assertThat(byClass.spec).isEqualTo(spec);
    }

    @Test
    void receiversSeeEventsReEmittedFromTheBus() {
        OpenEdxPublicSignal signal = TestData.loginSignal("reemit");
        List<ReceivedEvent> seen = new java.util.ArrayList<>();
        signal.connect(seen::add);
        signal.sendEventWithCustomMetadata(signal.generateSignalMetadata(null), DATA);
        assertThat(seen).singleElement().matches(ReceivedEvent::fromEventBus);
    }
}
