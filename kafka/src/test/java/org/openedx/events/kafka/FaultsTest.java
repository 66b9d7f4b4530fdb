package org.openedx.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.bus.RetryPolicy;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.kafka.testing.KafkaBroker;
import org.openedx.events.kafka.testing.KafkaServices;
import org.openedx.events.kafka.testing.LogCapture;

/** A broker that goes away and comes back, processes that die, deliveries that fail: nothing is lost. */
@Tag("integration")
@ExtendWith(KafkaServices.class)
class FaultsTest {

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    private final RunningConsumers consumers = new RunningConsumers();
    private final List<Process> processes = new ArrayList<>();
    private EventReceiver receiver;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        processes.forEach(Process::destroyForcibly);
        for (Process process : processes) {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        consumers.close();
        if (receiver != null) {
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(receiver);
        }
        broker.startup();
    }

    private EventBusProducer producer() {
        return EventBusBackends.producer(KafkaServices.settings(broker));
    }

    private static void send(EventBusProducer producer, String topic, long from, long to) {
        for (long i = from; i < to; i++) {
            producer.send(Fixtures.loginTo(topic, i));
        }
    }

    private static long userId(ConsumerRecord<byte[], byte[]> record) {
        return AvroEventSerializer.defaults().deserialize(LearningSignals.SESSION_LOGIN_COMPLETED,
                org.openedx.events.kafka.internal.ConfluentFraming.body(record.value())).get("user", UserData.class).id();
    }

    private Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ChildProcess.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile())).start();
        processes.add(process);
        return process;
    }

    private static List<Long> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.US_ASCII).stream().filter(l -> !l.isEmpty())
                .map(Long::valueOf).toList();
    }

    @Test
    void eventsSentWhileTheBrokerIsDownAreDeliveredOnceItIsBack() {
        String topic = KafkaServices.topic("produce-restart");
        broker.createTopic(topic, 2);
        try (EventBusProducer producer = producer()) {
            send(producer, topic, 0, 1000);
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
            broker.shutdown();
            // Sends queue while the broker is away; they must not block the sender.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> send(producer, topic, 1000, 2000));
            broker.startup();
            send(producer, topic, 2000, 3000);
            assertThat(producer.flush(Duration.ofSeconds(110))).isTrue();
            assertThat(producer.stats().failed()).isZero();
            assertThat(producer.stats().delivered()).isEqualTo(3000);
        }
        List<ConsumerRecord<byte[], byte[]>> records = broker.read(topic, 3000, 60_000);
        assertThat(records).hasSize(3000);
        assertThat(records.stream().map(FaultsTest::userId).collect(Collectors.toSet()))
                .hasSize(3000).containsAll(LongStream.range(0, 3000).boxed().toList());
        Map<Integer, List<Long>> byPartition = new HashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(userId(r)));
        byPartition.values().forEach(ids -> assertThat(ids).isSorted());
    }

    @Test
    void consumptionGoesOnAcrossABrokerRestartWithNothingLost() {
        String topic = KafkaServices.topic("consume-restart");
        broker.createTopic(topic, 2);
        try (EventBusProducer producer = producer()) {
            send(producer, topic, 0, 2000);
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        receiver = event -> {
            Thread.sleep(1); // some work per event, so that the restart comes mid-way
            handled.add(event.data("user", UserData.class).id());
        };
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        RunningConsumers.Running running = consumers.start(KafkaServices.settings(broker), topic, "restart");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 300);
        broker.shutdown();
        assertThat(handled).hasSizeLessThan(2000);
        broker.startup();
        await().atMost(Duration.ofSeconds(120)).until(() -> handled.size() >= 2000);
        assertThat(handled).containsAll(LongStream.range(0, 2000).boxed().toList());
        assertThat(running.thread().isAlive()).isTrue();
        assertThat(running.failure().get()).isNull();
    }

    @Test
    void aKilledConsumerLeavesOnlyWhatItHadInHandToBeHandledAgain() throws IOException, InterruptedException {
        String topic = KafkaServices.topic("kill");
        broker.createTopic(topic, 2);
        try (EventBusProducer producer = producer()) {
            send(producer, topic, 0, 3000);
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }
        Path handled = dir.resolve("handled.txt");
        String[] args = {"consume", broker.bootstrapServers(), KafkaServices.registry().url(), topic, "killed",
            handled.toString()};
        Process first = child(args);
        await().atMost(Duration.ofSeconds(90)).until(() -> lines(handled).size() >= 600);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int beforeRestart = lines(handled).size();
        assertThat(beforeRestart).isLessThan(3000);

        child(args);
        await().atMost(Duration.ofSeconds(120)).until(() -> new HashSet<>(lines(handled)).size() >= 3000);
        List<Long> all = lines(handled);
        assertThat(new HashSet<>(all)).containsAll(LongStream.range(0, 3000).boxed().toList());
        long duplicates = all.size() - new HashSet<>(all).size();
        // At most what the killed consumer had handled and not yet committed: less than one poll (100).
        assertThat(duplicates).as("events handled twice").isLessThanOrEqualTo(100);
    }

    @Test
    void aProducerThatExitsWithoutClosingDeliversWhatIsInFlight() throws IOException, InterruptedException {
        String topic = KafkaServices.topic("exit");
        broker.createTopic(topic, 1);
        Process producer = child("produce", broker.bootstrapServers(), KafkaServices.registry().url(), topic, "2000");
        assertThat(producer.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(producer.exitValue()).isZero();
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(log).contains("sent 2000,").doesNotContain(", 0 in flight");
        assertThat(broker.endOffset(topic)).isEqualTo(2000);
    }

    /** What a relay or a spool decides by: an absent broker is a failure to wait out, a refusal is not. */
    @Test
    void aSendTheBrokerNeverAcknowledgesFailsAsTransientAndARefusalAsPermanent() {
        String absent = KafkaServices.topic("absent-broker");
        String small = KafkaServices.topic("refused");
        broker.createTopic(absent, 1);
        broker.createTopic(small, 1, Map.of("max.message.bytes", "100"));
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
                failures.put(event.topic(), error);
            }
        };
        try (EventBusProducer producer = EventBusBackends.producer(KafkaServices.settings(broker,
                "EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", Map.of("delivery.timeout.ms", "3000", "request.timeout.ms",
                        "1000", "linger.ms", "0")), listener, Clock.systemUTC())) {
            producer.send(Fixtures.loginTo(small, 1));
            producer.send(Fixtures.loginTo(absent, 1));
            assertThat(producer.flush(Duration.ofSeconds(30))).as("false: the refused event failed").isFalse();
            assertThat(producer.stats().delivered()).isEqualTo(1);
            broker.shutdown();
            producer.send(Fixtures.loginTo(absent, 2));
            producer.flush(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> failures.containsKey(absent));
        }
        assertThat(failures.get(small)).isInstanceOf(RecordTooLargeException.class)
                .satisfies(error -> assertThat(RetryPolicy.isTransient(error)).as("a refusal is not transient").isFalse());
        assertThat(failures.get(absent)).isInstanceOf(TransportException.class)
                .hasMessageContaining("Kafka did not acknowledge the event")
                .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
                .satisfies(error -> assertThat(RetryPolicy.isTransient(error)).as("an absent broker is transient").isTrue());
    }

    @Test
    void aFailedDeliveryIsLoggedWithTheEventAsJsonAndCounted() {
        String topic = KafkaServices.topic("too-large");
        broker.createTopic(topic, 1, Map.of("max.message.bytes", "100"));
        var metadata = Fixtures.loginMetadata();
        try (LogCapture log = new LogCapture(); EventBusProducer producer = producer()) {
            producer.send(new OutgoingEvent(LearningSignals.SESSION_LOGIN_COMPLETED, topic, "user.pii.username",
                    Fixtures.login(7), metadata));
            assertThat(producer.flush(Duration.ofSeconds(30))).isFalse();
            assertThat(producer.stats().failed()).isEqualTo(1);
            assertThat(producer.flush(Duration.ofSeconds(1))).isTrue();
            assertThat(log.text()).contains("org.openedx.events.kafka.producer - Error delivering message to Kafka "
                            + "event bus. error=org.apache.kafka.common.errors.RecordTooLargeException",
                    "full_topic='" + topic + "'", "event_key='user7'", "signal=<OpenEdxPublicSignal: " + Fixtures.LOGIN_TYPE + ">",
                    "initial_topic='" + topic + "'", "event_key_field='user.pii.username'",
                    "event_data_as_json={\"user\": {\"id\": 7, \"is_active\": true, \"pii\": {\"username\": "
                            + "\"user7\", \"email\": \"user7@example.com\", \"name\": \"User 7\"}}}",
                    "event_metadata_as_json=" + metadata.toJson());
        }
    }
}
