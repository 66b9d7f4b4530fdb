package org.openedx.events.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.ReceiverException;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.settings.Settings;

class TestKitTest {

    record Greeting(String text) {
    }

    private static OpenEdxPublicSignal signal(String name) {
        return OpenEdxPublicSignal.builder("org.openedx.testkit." + name + ".v1").data("greeting", Greeting.class)
                .build();
    }

    @Test
    void enabledEventsDisablesEveryOtherSignalAndLetsFailuresThrough() {
        OpenEdxPublicSignal kept = signal("kept");
        OpenEdxPublicSignal other = signal("other");
        kept.connect(event -> {
            throw new java.io.IOException("failing receiver");
        });
        try (EnabledEvents enabled = EnabledEvents.only(kept.eventType())) {
            assertThat(other.isEnabled()).isFalse();
            assertThat(enabled.signals()).containsExactly(kept);
            assertThatThrownBy(() -> kept.sendEvent(EventData.of("greeting", new Greeting("hi"))))
                    .isInstanceOf(ReceiverException.class);
        }
        assertThat(other.isEnabled()).isTrue();
    }

    @Test
    void enabledEventsRejectsUnknownTypesListingTheKnownOnes() {
        OpenEdxPublicSignal known = signal("listed");
        assertThatThrownBy(() -> EnabledEvents.only("org.openedx.nope.v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'org.openedx.nope.v1'")
                .hasMessageContaining(known.eventType());
    }

    @Test
    void captureRecordsWhatWasSent() {
        OpenEdxPublicSignal signal = signal("captured");
        try (EventCapture capture = EventCapture.of(signal)) {
            signal.sendEvent(EventData.of("greeting", new Greeting("a")));
            signal.sendEvent(EventData.of("greeting", new Greeting("b")));
            assertThat(capture.events(signal.eventType()))
                    .extracting(e -> e.data("greeting", Greeting.class).text()).containsExactly("a", "b");
        }
        assertThat(signal.receiverCount()).isZero();
    }

    @Test
    void inMemoryBusCarriesEventsToEachGroupOnceAndMarksThemFromTheBus() throws Exception {
        OpenEdxPublicSignal signal = signal("memory");
        InMemoryEventBus memory = new InMemoryEventBus();
        Settings settings = Settings.of(Map.of("EVENT_BUS_PRODUCER_CONFIG",
                Map.of(signal.eventType(), Map.of("greetings", Map.of("event_key_field", "greeting.text", "enabled", true)))));
        try (EventBus bus = EventBus.builder().settings(settings).producer(memory.producer()).start();
             EventCapture capture = EventCapture.of(signal)) {
            signal.sendEvent(EventData.of("greeting", new Greeting("one")));
            signal.sendEvent(EventData.of("greeting", new Greeting("two")));
            assertThat(memory.messages("greetings")).hasSize(2);
            capture.clear();

            assertThat(memory.drain("greetings", "group-a")).isEqualTo(2);
            assertThat(memory.drain("greetings", "group-a")).isZero();
            assertThat(capture.events()).hasSize(2).allMatch(ReceivedEvent::fromEventBus);
            assertThat(memory.messages("greetings")).hasSize(2);

            EventBusConsumer consumer = memory.consumer("greetings", "group-b");
            Thread thread = new Thread(consumer::consumeIndefinitely);
            thread.start();
            await().until(() -> capture.events().size() == 4);
            signal.sendEvent(EventData.of("greeting", new Greeting("three")));
            await().until(() -> capture.events().size() == 6);
            consumer.stop();
            thread.join(5000);
            assertThat(thread.isAlive()).isFalse();
            List<String> texts = capture.events().stream().filter(ReceivedEvent::fromEventBus)
                    .map(e -> e.data("greeting", Greeting.class).text()).toList();
            assertThat(texts).containsExactly("one", "two", "one", "two", "three");
        }
    }
}
