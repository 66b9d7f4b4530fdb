package org.openedx.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.ConsecutiveErrorsLimitException;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.kafka.testing.KafkaServices;
import org.openedx.events.kafka.testing.LogCapture;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.UnusableMessageException;

/** What the consumer does with what it reads: order, commits, retries, dead letters, start positions, rebalances. */
@Tag("integration")
@ExtendWith(KafkaServices.class)
class ConsumerBehaviourTest {

    private final RunningConsumers consumers = new RunningConsumers();
    private final List<EventReceiver> connected = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        consumers.close();
        connected.forEach(LearningSignals.SESSION_LOGIN_COMPLETED::disconnect);
    }

    private Fixtures.Recorder recorder() {
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        receive(recorder);
        return recorder;
    }

    private void receive(EventReceiver receiver) {
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        connected.add(receiver);
    }

    private static long userId(ReceivedEvent event) {
        return event.data("user", UserData.class).id();
    }

    private static void produce(String topic, long from, long to) {
        try (EventBusProducer producer = EventBusBackends.producer(KafkaServices.settings())) {
            for (long i = from; i < to; i++) {
                producer.send(Fixtures.loginTo(topic, i));
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }
    }

    /** Sends a copy of a good message, changed by {@code change}. */
    private static void produceRaw(String topic, ConsumerRecord<byte[], byte[]> model,
                                   Consumer<ProducerRecord<byte[], byte[]>> change) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : model.headers()) {
            headers.add(header.key(), header.value());
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, model.key(), model.value(), headers);
        change.accept(record);
        try (KafkaProducer<byte[], byte[]> producer = KafkaServices.broker().rawProducer(Map.of())) {
            producer.send(record);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long committed(String group, String topic) {
        OffsetAndMetadata offset = KafkaServices.broker().committed(group).get(new TopicPartition(topic, 0));
        return offset == null ? -1 : offset.offset();
    }

    @Test
    void undecodableMessagesAreDeadLetteredAndConsumptionGoesOnInOrder() {
        String topic = KafkaServices.topic("poison");
        produce(topic, 0, 2);
        ConsumerRecord<byte[], byte[]> good = KafkaServices.broker().read(topic, 1, 30_000).get(0);
        byte[] unknownSchema = Arrays.copyOf(good.value(), good.value().length);
        unknownSchema[1] = 0x7f;
        produceRaw(topic, good, r -> r.headers().remove("ce_type"));
        produceRaw(topic, good, r -> r.headers().add("ce_type", Fixtures.ENROLLMENT_TYPE.getBytes()));
        produceRaw(topic, good, r -> {
            r.headers().remove("ce_type");
            r.headers().add("ce_type", "org.example.nope.v1".getBytes());
        });
        produceRaw(topic, good, r -> r.headers().add("ce_id", "d2a6bb7e-8b6e-11ee-b9d1-0242ac120002".getBytes()));
        try (KafkaProducer<byte[], byte[]> producer = KafkaServices.broker().rawProducer(Map.of())) {
            RecordHeaders headers = new RecordHeaders(good.headers().toArray());
            producer.send(new ProducerRecord<>(topic, null, good.key(), "garbage".getBytes(), headers));
            producer.send(new ProducerRecord<>(topic, null, good.key(), unknownSchema, headers));
        }
        produce(topic, 2, 4);

        Fixtures.Recorder recorder = recorder();
        RunningConsumers.Running running = consumers.start(KafkaServices.settings(), topic, "poison");
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 4);
        assertThat(recorder.userIds()).containsExactly(0L, 1L, 2L, 3L);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed("poison", topic) == 10);
        assertThat(running.consumer().stats().deadLettered()).isEqualTo(6);
        assertThat(running.consumer().stats().undecodable()).isEqualTo(6);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaServices.broker().read(topic + "-dead-letter", 6, 30_000);
        assertThat(dead).extracting(r -> header(r, DeadLetter.ORIGINAL_POSITION))
                .containsExactly("0:2", "0:3", "0:4", "0:5", "0:6", "0:7");
        assertThat(dead).extracting(r -> header(r, DeadLetter.ERROR)).satisfiesExactly(
                e -> assertThat(e).contains("Missing ce_type header on message, cannot determine signal"),
                e -> assertThat(e).contains("Multiple ce_type headers found on message, cannot determine signal"),
                e -> assertThat(e).contains("Unrecognized type org.example.nope.v1 found on message"),
                e -> assertThat(e).contains("Multiple \"ce_id\" headers on message"),
                e -> assertThat(e).contains("Unexpected magic byte 103"),
                e -> assertThat(e).contains(KafkaServices.registry().url()).contains("40403"));
        assertThat(dead).extracting(r -> header(r, DeadLetter.ERROR_TYPE)).containsExactly(
                UnusableMessageException.class.getName(), UnusableMessageException.class.getName(),
                UnusableMessageException.class.getName(), UnusableMessageException.class.getName(),
                UnusableMessageException.class.getName(), SchemaRegistryException.class.getName());
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, DeadLetter.ORIGINAL_TOPIC)).isEqualTo(topic);
            assertThat(header(r, DeadLetter.CONSUMER_GROUP)).isEqualTo("poison");
            assertThat(header(r, DeadLetter.ATTEMPTS)).isEqualTo("0");
            assertThat(header(r, DeadLetter.DEAD_LETTERED_AT)).isNotBlank();
            assertThat(r.headers().lastHeader(DeadLetter.CONSUMER_NAME)).as("Kafka has no consumer names").isNull();
            assertThat(DeadLetter.fromAttributes(name -> header(r, name))).isPresent();
            assertThat(r.key()).isEqualTo(good.key());
        });
        assertThat(dead.get(0).value()).isEqualTo(good.value());
        assertThat(header(dead.get(3), "ce_source")).isEqualTo(header(good, "ce_source"));
    }

    @Test
    void aRegistryThatDoesNotAnswerIsWaitedForAndNothingIsDeadLettered() throws IOException {
        String topic = KafkaServices.topic("registry-down");
        produce(topic, 0, 3);
        Fixtures.Recorder recorder = recorder();
        // The proxy lets the consumer's start-up check through, then is down.
        try (RegistryProxy registry = new RegistryProxy(KafkaServices.registry().url(), 1)) {
            RunningConsumers.Running running = consumers.start(KafkaServices.settings(
                    "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", registry.url(),
                    "EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP", 0.05), topic, "registry-down");
            // Each new try at the message in hand asks the registry again.
            await().atMost(Duration.ofSeconds(60)).until(() -> registry.refused() >= 6);
            assertThat(recorder.size()).isZero();
            assertThat(running.consumer().stats().consecutiveErrors()).isPositive();
            registry.comeBack();
            await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 3);
            assertThat(recorder.userIds()).containsExactly(0L, 1L, 2L);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed("registry-down", topic) == 3);
            assertThat(running.consumer().stats().deadLettered()).isZero();
            assertThat(running.consumer().stats().undecodable()).isZero();
            assertThat(running.consumer().stats().consecutiveErrors()).isZero();
        }
    }

    @Test
    void aDeadLetterTheBrokerRefusesIsWrittenAgainAndNothingAfterItIsHandledMeanwhile() throws Exception {
        String topic = KafkaServices.topic("refused-letter");
        String deadLetters = topic + "-dead-letter";
        KafkaServices.broker().createTopic(topic, 1);
        KafkaServices.broker().createTopic(deadLetters, 1, Map.of("max.message.bytes", "200"));
        produce(topic, 0, 1);
        ConsumerRecord<byte[], byte[]> good = KafkaServices.broker().read(topic, 1, 30_000).get(0);
        produceRaw(topic, good, r -> r.headers().remove("ce_type"));
        produce(topic, 1, 2);
        Fixtures.Recorder recorder = recorder();
        RunningConsumers.Running running = consumers.start(KafkaServices.settings(
                "EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP", 0.05), topic, "refused-letter");
        // The broker refuses the dead letter (too large for its topic): written again and again, in order.
        await().atMost(Duration.ofSeconds(60)).until(() -> running.consumer().stats().reconnects() >= 3);
        assertThat(recorder.userIds()).containsExactly(0L);
        assertThat(committed("refused-letter", topic)).isLessThanOrEqualTo(1);
        assertThat(running.consumer().stats().deadLettered()).isZero();

        try (Admin admin = KafkaServices.broker().admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, deadLetters),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 2);
        assertThat(recorder.userIds()).containsExactly(0L, 1L);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed("refused-letter", topic) == 3);
        assertThat(running.consumer().stats().deadLettered()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaServices.broker().read(deadLetters, 1, 30_000);
        assertThat(dead).extracting(r -> header(r, DeadLetter.ORIGINAL_POSITION)).containsExactly("0:1");
    }

    @Test
    void failingReceiversAreRetriedThenTheEventIsDeadLettered() {
        String topic = KafkaServices.topic("retries");
        produce(topic, 0, 4);
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        List<Long> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        receive(event -> {
            long id = userId(event);
            int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (id == 1 || id == 2 && call <= 2) {
                throw new IllegalStateException("receiver down for user " + id);
            }
            handled.add(id);
        });
        RunningConsumers.Running running = consumers.start(KafkaServices.settings(
                "EVENT_BUS_KAFKA_CONSUMER_RETRY_DELAY", 0.01), topic, "retries");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 3);
        assertThat(handled).containsExactly(0L, 2L, 3L);
        assertThat(calls.get(1L)).hasValue(4);
        assertThat(calls.get(2L)).hasValue(3);
        assertThat(running.consumer().stats().retried()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed("retries", topic) == 4);
        assertThat(running.consumer().stats().deadLettered()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaServices.broker().read(topic + "-dead-letter", 1, 30_000);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetter.ATTEMPTS)).isEqualTo("4");
        assertThat(header(dead.get(0), DeadLetter.ORIGINAL_POSITION)).isEqualTo("0:1");
        assertThat(header(dead.get(0), DeadLetter.ERROR)).contains("1 receiver(s) out of 1 produced errors")
                .contains("receiver down for user 1");
    }

    @Test
    void theConsecutiveErrorsLimitEndsTheConsumerAfterCommittingWhatIsDone() throws InterruptedException {
        String topic = KafkaServices.topic("limit");
        produce(topic, 0, 1);
        ConsumerRecord<byte[], byte[]> good = KafkaServices.broker().read(topic, 1, 30_000).get(0);
        produceRaw(topic, good, r -> r.headers().remove("ce_id"));
        produceRaw(topic, good, r -> r.headers().remove("ce_id"));
        produce(topic, 1, 2);
        Fixtures.Recorder recorder = recorder();
        RunningConsumers.Running running = consumers.start(KafkaServices.settings(
                "EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 2), topic, "limit");
        running.thread().join(60_000);
        assertThat(running.thread().isAlive()).isFalse();
        assertThat(running.failure().get()).isInstanceOf(ConsecutiveErrorsLimitException.class)
                .hasMessageContaining("topic '" + topic + "', group 'limit'")
                .hasMessageContaining("Missing \"ce_id\" header on message, cannot continue");
        assertThat(recorder.userIds()).containsExactly(0L);
        assertThat(committed("limit", topic)).isEqualTo(3);
    }

    @Test
    void theKillSwitchEndsTheConsumerAtOnce() {
        String topic = KafkaServices.topic("killed");
        produce(topic, 0, 1);
        Fixtures.Recorder recorder = recorder();
        EventBusConsumer consumer = EventBusBackends.consumer(KafkaServices.settings(
                "EVENT_BUS_KAFKA_CONSUMERS_ENABLED", false), org.openedx.events.bus.ConsumerSpec.of(topic, "killed"));
        try (LogCapture log = new LogCapture()) {
            consumer.consumeIndefinitely();
            assertThat(log.text()).contains("Kafka consumers not enabled, exiting.");
        }
        assertThat(recorder.size()).isZero();
        assertThat(KafkaServices.broker().committed("killed")).isEmpty();
    }

    @Test
    void aNewGroupStartsAtTheEarliestEventUnlessLatestIsAsked() throws InterruptedException {
        String topic = KafkaServices.topic("start");
        produce(topic, 0, 5);
        Fixtures.Recorder recorder = recorder();
        RunningConsumers.Running earliest = consumers.start(KafkaServices.settings(), topic, "earliest");
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 5);
        assertThat(recorder.userIds()).containsExactly(0L, 1L, 2L, 3L, 4L);
        earliest.stopAndWait();
        recorder.events.clear();

        consumers.start(KafkaServices.settings(), topic, "latest", Map.of("auto_offset_reset", "latest"));
        AtomicInteger next = new AtomicInteger(100);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            produce(topic, next.get(), next.incrementAndGet());
            return recorder.size() > 0;
        });
        assertThat(recorder.userIds()).allMatch(id -> id >= 100);
    }

    @Test
    void offsetTimeReplaysFromThatTimeOnceThenGoesOn() throws InterruptedException {
        String topic = KafkaServices.topic("replay");
        produce(topic, 0, 5);
        long lastOld = KafkaServices.broker().read(topic, 5, 30_000).stream().mapToLong(ConsumerRecord::timestamp)
                .max().orElseThrow();
        await().until(() -> System.currentTimeMillis() > lastOld + 1);
        produce(topic, 5, 10);
        String time = OffsetDateTime.ofInstant(Instant.ofEpochMilli(lastOld + 1), ZoneOffset.UTC).toString();
        Map<String, Object> replay = Map.of("offset_time", time);

        // Upstream's reset-only mode: the offsets move, nothing is consumed.
        Fixtures.Recorder recorder = recorder();
        RunningConsumers.Running resetOnly = consumers.start(KafkaServices.settings(), topic, "replay",
                Map.of("offset_time", time, "reset_only", true));
        await().atMost(Duration.ofSeconds(60)).until(() -> committed("replay", topic) == 5);
        resetOnly.stopAndWait();
        assertThat(recorder.size()).isZero();

        RunningConsumers.Running moved = consumers.start(KafkaServices.settings(), topic, "replay", replay);
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 5);
        produce(topic, 10, 12);
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 7);
        assertThat(recorder.userIds()).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L);
        moved.stopAndWait();

        // The same option again: the group already moved for that time, so it goes on.
        recorder.events.clear();
        consumers.start(KafkaServices.settings(), topic, "replay", replay);
        produce(topic, 12, 13);
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 1);
        assertThat(recorder.userIds()).containsExactly(12L);
    }

    @Test
    void stoppingFinishesTheEventInHandAndCommitsIt() throws InterruptedException {
        String topic = KafkaServices.topic("stop");
        produce(topic, 0, 10);
        Fixtures.Recorder recorder = recorder();
        List<RunningConsumers.Running> first = new ArrayList<>();
        receive(event -> {
            if (userId(event) == 4) {
                first.get(0).consumer().stop();
            }
        });
        first.add(consumers.start(KafkaServices.settings(), topic, "stop"));
        first.get(0).thread().join(60_000);
        assertThat(recorder.userIds()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(committed("stop", topic)).isEqualTo(5);

        recorder.events.clear();
        consumers.start(KafkaServices.settings(), topic, "stop");
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.size() >= 5);
        assertThat(recorder.userIds()).containsExactly(5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aRebalanceCommitsWhatWasHandledAndNothingElse() {
        String topic = KafkaServices.topic("rebalance");
        KafkaServices.broker().createTopic(topic, 4);
        int count = 2000;
        produce(topic, 0, count);
        Map<Long, Integer> handled = new ConcurrentHashMap<>();
        Map<String, List<Long>> byThread = new ConcurrentHashMap<>();
        receive(event -> {
            if (byThread.size() < 2) {
                Thread.sleep(5); // work per event until both consumers take part: the rebalance comes mid-batch
            }
            handled.merge(userId(event), 1, Integer::sum);
            byThread.computeIfAbsent(Thread.currentThread().getName(), k -> new java.util.concurrent
                    .CopyOnWriteArrayList<>()).add(userId(event));
        });
        Settings settings = KafkaServices.settings("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES",
                Map.of("max.poll.records", 500));
        consumers.start(settings, topic, "rebalance");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 50);
        consumers.start(settings, topic, "rebalance");
        await().atMost(Duration.ofSeconds(90)).until(() -> handled.size() >= count);

        assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(LongStream.range(0, count).boxed().toList());
        Map<Long, Integer> twice = handled.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(twice).as("events handled more than once").isEmpty();
        assertThat(byThread).as("both consumers took part").hasSize(2);
    }

    @Test
    void eventsDecodedAheadAreHandledOnceEachInKeyOrderOnTheConsumersThread() {
        String topic = KafkaServices.topic("ahead");
        KafkaServices.broker().createTopic(topic, 4);
        int count = 6000;
        int users = 50;
        try (EventBusProducer producer = EventBusBackends.producer(KafkaServices.settings())) {
            for (long i = 0; i < count; i++) {
                // Keys repeat, so each partition holds several users' events in the order sent.
                producer.send(new OutgoingEvent(LearningSignals.SESSION_LOGIN_COMPLETED, topic, "user.pii.username",
                        EventData.of("user", new UserData(i, true,
                                new UserPersonalData("user" + i % users,
                                        "user" + i % users + "@example.com", "User"))), Fixtures.loginMetadata()));
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }
        Map<String, List<Long>> byUser = new ConcurrentHashMap<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger received = new AtomicInteger();
        receive(event -> {
            UserData user = event.data("user", UserData.class);
            byUser.computeIfAbsent(user.pii().username(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(user.id());
            if (!threads.contains(Thread.currentThread().getName())) {
                threads.add(Thread.currentThread().getName());
            }
            received.incrementAndGet();
        });
        // Small batches: many of them are decoded ahead while earlier ones are handled.
        consumers.start(KafkaServices.settings("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES", Map.of("max.poll.records", 97)),
                topic, "ahead");
        await().atMost(Duration.ofSeconds(60)).until(() -> received.get() >= count);

        assertThat(received.get()).isEqualTo(count);
        assertThat(byUser).hasSize(users);
        byUser.forEach((username, ids) -> assertThat(ids).as(username).isSorted().doesNotHaveDuplicates()
                .hasSize(count / users));
        assertThat(threads).as("receivers run on the consumer's own thread only").hasSize(1);
    }
}
