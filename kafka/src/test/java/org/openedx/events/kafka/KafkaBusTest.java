package org.openedx.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.kafka.testing.KafkaServices;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Settings;

/** The whole library path: sendEvent, the producer bridge, Kafka, ConsumerWorkers, the receivers. */
@Tag("integration")
@ExtendWith(KafkaServices.class)
class KafkaBusTest {

    private final Fixtures.Recorder recorder = new Fixtures.Recorder();

    @BeforeEach
    void connect() {
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(recorder);
    }

    @AfterEach
    void disconnect() {
        LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);
    }

    @Test
    void sentEventsArePublishedConsumedInOrderAndNotPublishedAgain() throws InterruptedException {
        String topic = KafkaServices.topic("user-login");
        Settings settings = KafkaServices.settings("EVENT_BUS_TOPIC_PREFIX", "dev",
                "EVENT_BUS_PRODUCER_CONFIG", Map.of(Fixtures.LOGIN_TYPE, Map.of(topic,
                        Map.of("event_key_field", "user.pii.username", "enabled", true))),
                "EVENT_BUS_CONSUMER_CONFIG", Map.of(topic, Map.of("group_id", "library-path", "enabled", true)));
        try (EventBus bus = EventBus.start(settings)) {
            for (long i = 0; i < 100; i++) {
                LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(Fixtures.login(i));
            }
            assertThat(bus.producer().flush(Duration.ofSeconds(30))).isTrue();
            // The sender's own receivers ran in-process.
            assertThat(recorder.userIds()).isEqualTo(LongStream.range(0, 100).boxed().toList());
            recorder.events.clear();

            try (ConsumerWorkers workers = ConsumerWorkers.start(settings)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 100);
                assertThat(recorder.userIds()).isEqualTo(LongStream.range(0, 100).boxed().toList());
                assertThat(recorder.events).allMatch(e -> e.fromEventBus());
                workers.stop();
                workers.await();
            }
            // Consumed events reached the bridge too, which declined them: the topic still holds 100.
            assertThat(bus.producer().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(KafkaServices.broker().endOffset("dev-" + topic)).isEqualTo(100);
        }
    }

    @Test
    void aPassThroughPropertyKafkaRefusesIsNamedWithItsSetting() {
        Settings producing = KafkaServices.settings("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", Map.of("linger.ms", "soon"));
        assertThatThrownBy(() -> EventBusBackends.producer(producing))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Invalid setting EVENT_BUS_KAFKA_PRODUCER_PROPERTIES: cannot create the Kafka "
                        + "producer").hasMessageContaining("linger.ms");
        Settings consuming = KafkaServices.settings("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES",
                Map.of("max.poll.records", "many"));
        EventBusConsumer consumer = EventBusBackends.consumer(consuming, ConsumerSpec.of("t", "g"));
        assertThatThrownBy(consumer::consumeIndefinitely).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Invalid setting EVENT_BUS_KAFKA_CONSUMER_PROPERTIES").hasMessageContaining(
                        "max.poll.records");
    }
}
