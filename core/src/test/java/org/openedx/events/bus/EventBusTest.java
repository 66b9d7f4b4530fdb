package org.openedx.events.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
import org.openedx.events.bus.internal.NoEventBusProducer;
import org.openedx.events.bus.spi.EncodedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.openedx.events.settings.Settings;

class EventBusTest {

    @BeforeEach
    void forgetWhatWasWritten() {
        RecordingBackend.WRITTEN.clear();
    }

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

        try (EventBus bus = EventBus.start(settings(signal, topics, "EVENTS_SERVICE_NAME", "discovery",
                "EVENT_BUS_TOPIC_PREFIX", "dev"))) {
            signal.sendEvent(DATA);
            List<EncodedEvent> sent = RecordingBackend.WRITTEN;

            assertThat(sent).extracting(e -> e.event().topic()).containsExactly("user-login", "audit");
            assertThat(sent).extracting(EncodedEvent::fullTopic).containsExactly("dev-user-login", "dev-audit");
            assertThat(sent).extracting(e -> e.event().eventKeyField()).containsExactly("user.pii.username", "user.id");
            assertThat(sent).extracting(EncodedEvent::key).containsExactly("user3", 3L);
            assertThat(sent.get(0).event().metadata()).isSameAs(sent.get(1).event().metadata());
            assertThat(sent.get(0).event().metadata().source()).isEqualTo("openedx/discovery/web");
            assertThat(sent.get(0).event().data()).isEqualTo(DATA);
            assertThat(bus.producer().stats()).isEqualTo(new ProducerStats(2, 2, 0, 0));
        }
    }

    /** One thread's transaction as a JDBC or Spring transaction manager would run it: actions wait for the commit. */
    private static final class ThreadTransaction implements TransactionHook {
        private List<Runnable> pending;

        void begin() {
            pending = new java.util.ArrayList<>();
        }

        void commit() {
            List<Runnable> actions = pending;
            pending = null;
            actions.forEach(Runnable::run);
        }

        void rollback() {
            pending = null;
        }

        @Override
        public boolean inTransaction() {
            return pending != null;
        }

        @Override
        public void afterCommit(Runnable action) {
            pending.add(action);
        }
    }

    @Test
    void onCommitTopicsGetTheEventAfterTheCommitAndNeverAfterARollback() {
        OpenEdxPublicSignal signal = TestData.loginSignal("oncommit");
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("after-commit", Map.of("event_key_field", "user.id", "enabled", true, "mode", "on_commit"));
        topics.put("at-once", topic("user.id", true));
        ThreadTransaction transaction = new ThreadTransaction();
        List<String> received = new java.util.ArrayList<>();
        signal.connect(event -> received.add(event.eventType()));
        try (EventBus bus = EventBus.builder().settings(settings(signal, topics)).transactions(transaction).start()) {
            transaction.begin();
            signal.sendEvent(DATA);
            assertThat(received).as("in-process receivers run at once, as upstream").hasSize(1);
            assertThat(RecordingBackend.WRITTEN).extracting(e -> e.event().topic()).containsExactly("at-once");
            transaction.commit();
            assertThat(RecordingBackend.WRITTEN).extracting(e -> e.event().topic())
                    .containsExactly("at-once", "after-commit");

            RecordingBackend.WRITTEN.clear();
            transaction.begin();
            signal.sendEvent(DATA);
            transaction.rollback();
            assertThat(RecordingBackend.WRITTEN).extracting(e -> e.event().topic()).containsExactly("at-once");

            RecordingBackend.WRITTEN.clear();
            signal.sendEvent(DATA);
            assertThat(RecordingBackend.WRITTEN).as("no transaction: published at once")
                    .extracting(e -> e.event().topic()).containsExactly("after-commit", "at-once");
        }
    }

    @Test
    void theDefaultModeAppliesToTopicsThatNameNone() {
        OpenEdxPublicSignal signal = TestData.loginSignal("defaultmode");
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("deferred", topic("user.id", true));
        topics.put("immediate", Map.of("event_key_field", "user.id", "enabled", true, "mode", "immediate"));
        ThreadTransaction transaction = new ThreadTransaction();
        try (EventBus bus = EventBus.builder().settings(settings(signal, topics, "EVENT_BUS_PRODUCER_MODE", "on_commit"))
                .transactions(transaction).start()) {
            transaction.begin();
            signal.sendEvent(DATA);
            assertThat(RecordingBackend.WRITTEN).extracting(e -> e.event().topic()).containsExactly("immediate");
            transaction.commit();
            assertThat(RecordingBackend.WRITTEN).extracting(e -> e.event().topic()).containsExactly("immediate", "deferred");
        }
    }

    @Test
    void outboxTopicsAreEncodedOnceAndWrittenToTheOutboxThenPublishedAsStored() throws Exception {
        OpenEdxPublicSignal signal = TestData.loginSignal("outboxmode");
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("kept", Map.of("event_key_field", "user.id", "enabled", true, "mode", "outbox"));
        topics.put("at-once", topic("user.id", true));
        List<org.openedx.events.wire.StoredEvent> outbox = new java.util.ArrayList<>();
        try (EventBus bus = EventBus.builder().settings(settings(signal, topics, "EVENT_BUS_TOPIC_PREFIX", "dev"))
                .outbox(outbox::add).start()) {
            signal.sendEvent(DATA);
            assertThat(RecordingBackend.WRITTEN).extracting(e -> e.event().topic()).containsExactly("at-once");
            assertThat(outbox).singleElement().satisfies(stored -> {
                assertThat(stored.topic()).isEqualTo("kept");
                assertThat(stored.fullTopic()).isEqualTo("dev-kept");
                assertThat(stored.eventKeyField()).isEqualTo("user.id");
                assertThat(stored.envelope().key()).isEqualTo("3");
                assertThat(stored.envelope().eventData()).isEqualTo(RecordingBackend.WRITTEN.get(0).value());
                assertThat(stored.envelope().metadata()).isEqualTo(RecordingBackend.WRITTEN.get(0).event().metadata());
            });

            StoredEventProducer producer = (StoredEventProducer) bus.producer();
            String position = producer.send(outbox.get(0)).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(position).isNotBlank();
            EncodedEvent relayed = RecordingBackend.WRITTEN.get(1);
            assertThat(relayed.fullTopic()).isEqualTo("dev-kept");
            assertThat(relayed.value()).isEqualTo(outbox.get(0).envelope().eventData());
            assertThat(relayed.keyText()).isEqualTo("3");
            assertThat(relayed.event().signal()).isSameAs(signal);
            assertThat(relayed.event().metadata()).isEqualTo(outbox.get(0).envelope().metadata());
            assertThat(producer.stats().delivered()).isEqualTo(2);
        }
    }

    /** A tracing that carries a fixed context and records each send's start and outcome. */
    private static final class RecordingTracing implements EventTracing {
        final Map<String, String> carried = new LinkedHashMap<>();
        final List<String> outcomes = new java.util.ArrayList<>();

        RecordingTracing() {
            carried.put(EncodedEvent.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            carried.put(EncodedEvent.TRACESTATE, "congo=t61rcWkgMzE");
        }

        @Override
        public SendTrace send(ProducerInfo producer, OutgoingEvent event, String fullTopic) {
            outcomes.add("send " + fullTopic);
            return new SendTrace() {
                @Override
                public Map<String, String> carried() {
                    return carried;
                }

                @Override
                public void delivered(String position) {
                    outcomes.add("delivered " + position);
                }

                @Override
                public void failed(Throwable error) {
                    outcomes.add("failed " + error.getMessage());
                }
            };
        }

        @Override
        public HandleTrace handle(ConsumerInfo consumer, InboundEvent event, String position,
                                  Map<String, String> context) {
            return null;
        }
    }

    private static Map<String, Object> outboxTopic() {
        return Map.of("kept", Map.of("event_key_field", "user.id", "enabled", true, "mode", "outbox"));
    }

    @Test
    void anOutboxWriteIsATracedSendWhoseContextIsStoredAndPublishedWithTheEvent() throws Exception {
        OpenEdxPublicSignal signal = TestData.loginSignal("outboxtraced");
        RecordingTracing tracing = new RecordingTracing();
        List<org.openedx.events.wire.StoredEvent> outbox = new java.util.ArrayList<>();
        try (EventBus bus = EventBus.builder().settings(settings(signal, outboxTopic(), "EVENT_BUS_TOPIC_PREFIX", "dev"))
                .tracing(tracing).outbox(outbox::add).start()) {
            signal.sendEvent(DATA);
            assertThat(tracing.outcomes).containsExactly("send dev-kept", "delivered outbox");
            assertThat(outbox).singleElement().extracting(org.openedx.events.wire.StoredEvent::traceContext)
                    .isEqualTo(tracing.carried);

            ((StoredEventProducer) bus.producer()).send(outbox.get(0)).toCompletableFuture()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(RecordingBackend.WRITTEN).singleElement().extracting(EncodedEvent::traceContext)
                    .isEqualTo(tracing.carried);
            assertThat(tracing.outcomes).as("the relay's send is no second span of the sender's trace").hasSize(2);
        }
    }

    @Test
    void aFailedOutboxWriteFailsItsTracedSend() {
        OpenEdxPublicSignal signal = TestData.loginSignal("outboxfails");
        RecordingTracing tracing = new RecordingTracing();
        try (EventBus bus = EventBus.builder().settings(settings(signal, outboxTopic())).tracing(tracing)
                .outbox(stored -> {
                    throw new org.openedx.events.EventBusException("the outbox is away");
                }).start()) {
            signal.sendEvent(DATA);
            assertThat(tracing.outcomes).containsExactly("send kept", "failed the outbox is away");
        }
    }

    @Test
    void anOutboxTopicWithoutAnOutboxNamesTheEventTypeAndTopic() {
        OpenEdxPublicSignal signal = TestData.loginSignal("nooutbox");
        assertThatThrownBy(() -> EventBus.start(settings(signal, Map.of("kept", topic("user.id", true)),
                "EVENT_BUS_PRODUCER_MODE", "outbox")))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("Event type " + signal.eventType() + ", topic 'kept': mode 'outbox' needs an outbox");
    }

    @Test
    void aBadDefaultModeNamesTheSetting() {
        OpenEdxPublicSignal signal = TestData.loginSignal("badmode");
        assertThatThrownBy(() -> EventBus.start(settings(signal, Map.of("t", topic("user.id", true)),
                "EVENT_BUS_PRODUCER_MODE", "later")))
                .hasMessageContaining("EVENT_BUS_PRODUCER_MODE")
                .hasMessageContaining("'immediate', 'on_commit', 'outbox'");
    }

    @Test
    void eventsFromTheBusAreNotPublishedAgain() {
        OpenEdxPublicSignal signal = TestData.loginSignal("recursion");
        try (EventBus bus = EventBus.start(settings(signal, Map.of("t", topic("user.id", true))))) {
            signal.sendEventWithCustomMetadata(signal.generateSignalMetadata(null), DATA);
            assertThat(RecordingBackend.WRITTEN).isEmpty();
            signal.sendEvent(DATA);
            assertThat(RecordingBackend.WRITTEN).hasSize(1);
        }
    }

    @Test
    void closingDisconnectsTheBridgeAndClosesTheProducer() {
        OpenEdxPublicSignal signal = TestData.loginSignal("close");
        EventBus bus = EventBus.start(settings(signal, Map.of("t", topic("user.id", true))));
        EventBusProducer producer = bus.producer();
        bus.close();
        signal.sendEvent(DATA);
        assertThat(RecordingBackend.WRITTEN).isEmpty();
        assertThat(signal.receiverCount()).isZero();
        producer.send(OutgoingEvent.of(signal, "t", null, DATA));
        assertThat(RecordingBackend.WRITTEN).isEmpty();
        assertThat(producer.stats().failed()).as("a closed producer refuses, counting the event as failed").isOne();
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
    void backendIsChosenByNameAliasOrClassInAnyCase() {
        OpenEdxPublicSignal signal = TestData.loginSignal("choice");
        for (String name : List.of("recording", "Recording", "EDX_EVENT_BUS_RECORDING.create_producer",
                RecordingBackend.class.getName())) {
            try (EventBusProducer producer = EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", name)))) {
                producer.send(OutgoingEvent.of(signal, "t", null, DATA));
                assertThat(producer.flush(Duration.ofSeconds(1))).as(name).isTrue();
            }
        }
        assertThat(RecordingBackend.WRITTEN).hasSize(4);
    }

    @Test
    void brokenProducerFailsWithTheRealCause() {
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "recording",
                "EVENT_BUS_TEST_BROKEN", true))))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("Cannot create the recording producer")
                .hasMessageContaining("EVENT_BUS_TEST_URL is not set")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "rabbit"))))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_PRODUCER=rabbit names no backend")
                .hasMessageContaining("recording");
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "java.lang.String"))))
                .hasMessageContaining("java.lang.String, which is not an org.openedx.events.bus.spi.EventBusBackend");
    }

    @Test
    void producerFailuresAreCountedAndReportedByTheNextFlush() {
        OpenEdxPublicSignal signal = TestData.loginSignal("keyless");
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "recording")))) {
            producer.send(OutgoingEvent.of(signal, "t", "user.nope", DATA));
            assertThat(producer.flush(Duration.ofSeconds(1))).as("the key path does not resolve").isFalse();
            assertThat(producer.stats()).isEqualTo(new ProducerStats(1, 0, 1, 0));
            producer.send(OutgoingEvent.of(signal, "t", "user.id", DATA));
            assertThat(producer.flush(Duration.ofSeconds(1))).isTrue();
        }
        assertThat(RecordingBackend.WRITTEN).hasSize(1);
    }

    @Test
    void consumerNeedsASettingAndKnownOptions() {
        ConsumerSpec spec = new ConsumerSpec("t", "g", Map.of("consumer_name", "c1"));
        assertThatThrownBy(() -> EventBusBackends.consumer(Settings.of(Map.of()), spec))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageStartingWith("Cannot consume events; no consumer configured");
        Settings settings = Settings.of(Map.of("EVENT_BUS_CONSUMER", "edx_event_bus_recording.RecordingEventConsumer",
                "EVENT_BUS_TOPIC_PREFIX", "dev"));
        try (EventBusConsumer consumer = EventBusBackends.consumer(settings, spec)) {
            assertThat(consumer.stats()).isEqualTo(new ConsumerStats(0, 0, 0, 0, 0, 0));
        }
        assertThatThrownBy(() -> EventBusBackends.consumer(settings, new ConsumerSpec("t", "g", Map.of("colour", 1))))
                .isInstanceOf(org.openedx.events.settings.InvalidSettingException.class)
                .hasMessage("Invalid option 'colour' of the recording consumer of topic 't': unknown option; "
                        + "accepted: [consumer_name]");
        assertThatThrownBy(() -> EventBusBackends.consumer(settings, new ConsumerSpec("t", "g",
                Map.of("consumer_name", List.of(1)))))
                .hasMessage("Invalid option 'consumer_name' of the recording consumer of topic 't': expected a string, "
                        + "found List12 '[1]'");
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
