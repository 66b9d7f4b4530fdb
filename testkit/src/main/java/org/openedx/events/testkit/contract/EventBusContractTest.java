package org.openedx.events.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.avro.SampleData;
import org.openedx.events.bus.ConsecutiveErrorsLimitException;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.InboundEvent;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.EventKeys;

/**
 * The contract every backend passes, as Micrometer's {@code MeterRegistryCompatibilityKit}: a
 * subclass per backend says how to reach it and what it cannot do, and these tests hold it to
 * the same delivery guarantees as the others — every catalog event round trip with identical
 * data, metadata and bytes; order per key; at least once across a consumer killed mid-batch in
 * another process; retries then a dead letter; an undecodable message dead-lettered while the
 * consumer goes on; the consecutive-errors limit; a stop that finishes the event in hand; the
 * start options; a restart that resumes where the group stopped; every group seeing every event.
 *
 * <p>Each test uses its own topic (under a topic prefix unique to the run) and groups. A backend
 * that cannot do something returns {@code null} from the matching hook, and the test is skipped
 * with that reason; the README's delivery-guarantees table says the same.
 */
public abstract class EventBusContractTest {

    /** The event most tests send: small, keyed by {@code user.pii.username}. */
    protected static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    private static final String KEY_FIELD = "user.pii.username";

    private final String run = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Running> running = new ArrayList<>();
    private final List<EventReceiver> receivers = new ArrayList<>();
    /** Where each event the kit produced went, as its producers reported it. */
    final Map<UUID, String> positions = new ConcurrentHashMap<>();
    private final DeliveryListener positionRecorder = new DeliveryListener() {
        @Override
        public void delivered(ProducerInfo producer, OutgoingEvent event, String position, long nanos) {
            positions.put(event.metadata().id(), position);
        }
    };
    private String topic;

    /** A working folder of the test, for other processes' output. */
    @TempDir
    protected Path workDir;

    /** The backend under test. */
    protected abstract EventBusBackend backend();

    /**
     * The settings that reach the backend (connection URLs, a store file, ...). The kit adds
     * {@code EVENT_BUS_PRODUCER}/{@code EVENT_BUS_CONSUMER} (the backend's name), a topic prefix of
     * its own and short retry delays; a test adds what it needs.
     */
    protected abstract Map<String, Object> backendSettings();

    /**
     * Puts a message on the topic (as on the bus) that cannot be decoded: its metadata says it
     * is an event type no signal has, or its bytes are not Avro.
     */
    protected abstract void writeUndecodable(Settings settings, String fullTopic) throws Exception;

    /** The {@code --extra} options that start a new group at the end of the topic; null when the backend has none. */
    protected Map<String, Object> startAtEnd() {
        return null;
    }

    /** The options that start a group just after {@code position} (as the producer reported it); null when none. */
    protected Map<String, Object> startAfter(String position) {
        return null;
    }

    /** The options that start a group at the first message at or after {@code time}; null when none. */
    protected Map<String, Object> startFrom(OffsetDateTime time) {
        return null;
    }

    /** Whether the backend can be consumed from another process (false for a bus in memory). */
    protected boolean consumedByOtherProcesses() {
        return true;
    }

    /** Whether the backend carries this event (a registry may refuse a schema); true for every catalog event by default. */
    protected boolean carries(OpenEdxPublicSignal signal) {
        return true;
    }

    /** How long a test waits for what it expects. */
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    /** A producer of the backend; a subclass whose backend is not found by name overrides both factories. */
    protected EventBusProducer newProducer(Settings settings, DeliveryListener listener) {
        return EventBusBackends.producer(backend(), settings, listener, Clock.systemUTC());
    }

    /** A consumer of the backend. */
    protected EventBusConsumer newConsumer(Settings settings, ConsumerSpec spec, DeliveryListener listener) {
        return EventBusBackends.consumer(backend(), settings, spec, listener, Clock.systemUTC());
    }

    @BeforeEach
    void nameTheTopic(TestInfo test) {
        topic = test.getTestMethod().orElseThrow().getName().replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Running consumer : running) {
            consumer.consumer.stop();
        }
        for (Running consumer : running) {
            consumer.thread.join(patience().toMillis());
            consumer.consumer.close();
        }
        receivers.forEach(LOGIN::disconnect);
    }

    // ---- the contract -------------------------------------------------------------------------

    @Test
    void everyCatalogEventRoundTripsWithIdenticalDataMetadataAndBytes() {
        AvroEventSerializer avro = AvroEventSerializer.defaults();
        Map<UUID, EventsMetadata> sentMetadata = new LinkedHashMap<>();
        Map<UUID, EventData> sentData = new HashMap<>();
        Map<UUID, OpenEdxPublicSignal> signals = new HashMap<>();
        try (EventBusProducer producer = newProducer(settings(), DeliveryListener.NONE)) {
            int i = 0;
            for (OpenEdxPublicSignal signal : SignalRegistry.all()) {
                if (!signal.serializable() || !signal.eventType().startsWith("org.openedx.") || !carries(signal)) {
                    continue;
                }
                EventData data = SampleData.of(signal, i++ % 2 == 0);
                EventsMetadata metadata = signal.generateSignalMetadata(null);
                producer.send(new OutgoingEvent(signal, topic, keyField(signal, data), data, metadata));
                sentMetadata.put(metadata.id(), metadata);
                sentData.put(metadata.id(), data);
                signals.put(metadata.id(), signal);
            }
            assertThat(producer.flush(patience())).as("every event delivered").isTrue();
        }
        assertThat(sentMetadata).hasSizeGreaterThan(60);

        Recorder recorder = consume("round-trip", Map.of());
        await().atMost(patience()).until(() -> recorder.handled.size() >= sentMetadata.size());

        assertThat(recorder.handledIds()).containsExactlyInAnyOrderElementsOf(sentMetadata.keySet());
        for (InboundEvent received : recorder.handledEvents()) {
            UUID id = received.metadata().id();
            assertThat(received.signal()).isSameAs(signals.get(id));
            assertThat(received.metadata()).as("metadata of %s", received.signal()).isEqualTo(sentMetadata.get(id));
            assertThat(received.data()).as("data of %s", received.signal()).isEqualTo(sentData.get(id));
            assertThat(avro.serialize(received.signal(), received.data())).as("bytes of %s", received.signal())
                    .isEqualTo(avro.serialize(signals.get(id), sentData.get(id)));
        }
    }

    @Test
    void eventsOfOneKeyArriveInTheOrderTheyWereSent() {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(login(i, "user-" + i % 5));
        }
        produce(events);
        Recorder recorder = consume("ordered", Map.of());
        await().atMost(patience()).until(() -> recorder.handled.size() >= 300);

        Map<String, List<Long>> byKey = new HashMap<>();
        for (InboundEvent event : recorder.handledEvents()) {
            UserData user = event.data().get("user", UserData.class);
            byKey.computeIfAbsent(user.pii().username(), k -> new ArrayList<>()).add(user.id());
        }
        assertThat(byKey).hasSize(5);
        byKey.forEach((key, ids) -> assertThat(ids).as("events of key %s", key).isSorted().hasSize(60));
    }

    @Test
    void aConsumerKilledMidBatchInAnotherProcessLosesNothing() throws Exception {
        Assumptions.assumeTrue(consumedByOtherProcesses(), () -> backend().name() + " is not shared between processes");
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            events.add(login(i, "user-" + i % 7));
        }
        List<UUID> sent = produce(events);
        Path handled = workDir.resolve("handled.txt");

        Process first = ContractConsumerProcess.start(settingValues(), topic, group("killed"), handled);
        try {
            await().atMost(patience()).until(() -> ContractConsumerProcess.lines(handled).size() >= 300);
        } finally {
            first.destroyForcibly().waitFor(patience().toSeconds(), TimeUnit.SECONDS);
        }
        int beforeKill = ContractConsumerProcess.lines(handled).size();
        assertThat(beforeKill).as("killed mid-way").isLessThan(2000);

        Process second = ContractConsumerProcess.start(settingValues(), topic, group("killed"), handled);
        try {
            await().atMost(patience()).until(() -> Set.copyOf(ContractConsumerProcess.lines(handled)).size() >= 2000);
        } finally {
            second.destroy();
            second.waitFor(patience().toSeconds(), TimeUnit.SECONDS);
        }
        List<String> lines = ContractConsumerProcess.lines(handled);
        assertThat(Set.copyOf(lines)).containsExactlyInAnyOrderElementsOf(sent.stream().map(UUID::toString).toList());
        // At least once: what the killed consumer had handled and not yet committed comes again, nothing else.
        assertThat(lines.size() - 2000).as("events handled twice").isLessThanOrEqualTo(beforeKill);
    }

    @Test
    void aFailingEventIsRetriedThenDeadLetteredAndTheConsumerGoesOn() {
        List<UUID> ids = produce(List.of(login(1, "same"), login(2, "same"), login(3, "same")));
        Map<UUID, Integer> calls = new ConcurrentHashMap<>();
        receive(event -> {
            long id = event.data("user", UserData.class).id();
            int call = calls.merge(event.metadata().id(), 1, Integer::sum);
            if (id == 2 || id == 1 && call == 1) {
                throw new IllegalStateException("receiver failed on " + id);
            }
        });
        Recorder recorder = consume(settings("EVENT_BUS_CONSUMER_MAX_RETRIES", 2), topic, "retrying", Map.of());
        await().atMost(patience()).until(() -> recorder.handledIds().contains(ids.get(2)));

        assertThat(recorder.handledIds()).containsExactly(ids.get(0), ids.get(2));
        assertThat(recorder.attempts.get(ids.get(0))).as("attempts of the event that failed once").isEqualTo(2);
        assertThat(recorder.retries).containsEntry(ids.get(1), 2);
        assertThat(recorder.deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.event().metadata().id()).isEqualTo(ids.get(1));
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.position()).isEqualTo(positions.get(ids.get(1)));
            assertThat(letter.error()).hasMessageContaining("receiver failed on 2");
        });
        assertThat(calls.get(ids.get(1))).isEqualTo(3);

        receivers.forEach(LOGIN::disconnect);
        Recorder letters = consume(topic + DeadLetter.TOPIC_SUFFIX, "reader", Map.of());
        await().atMost(patience()).until(() -> letters.handled.size() >= 1);
        assertThat(letters.handledEvents()).singleElement().satisfies(letter -> {
            assertThat(letter.metadata()).isEqualTo(recorder.received.get(ids.get(1)).metadata());
            assertThat(letter.data()).isEqualTo(login(2, "same"));
            // Read from the dead-letter topic, the event says why it is there.
            assertThat(letter.deadLetter()).hasValueSatisfying(why -> {
                assertThat(why.attempts()).isEqualTo(3);
                assertThat(why.originalTopic()).isEqualTo(fullTopic(topic));
                assertThat(why.originalPosition()).isEqualTo(positions.get(ids.get(1)));
                assertThat(why.group()).isEqualTo(group("retrying"));
                assertThat(why.error()).contains("receiver failed on 2");
            });
        });
    }

    @Test
    void anUndecodableMessageIsDeadLetteredAtOnceAndTheConsumerGoesOn() throws Exception {
        UUID before = produce(List.of(login(1, "k"))).get(0);
        writeUndecodable(settings(), fullTopic(topic));
        UUID after = produce(List.of(login(2, "k"))).get(0);
        Recorder recorder = consume("poisoned", Map.of());
        await().atMost(patience()).until(() -> recorder.handledIds().contains(after));

        assertThat(recorder.handledIds()).containsExactly(before, after);
        assertThat(recorder.undecodable).hasSize(1);
        assertThat(recorder.deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.event()).isNull();
            assertThat(letter.attempts()).isZero();
            assertThat(letter.position()).isEqualTo(recorder.undecodable.get(0));
        });

        // On the dead-letter topic the message is still undecodable, and it is not dead-lettered again.
        Recorder letters = consume(topic + DeadLetter.TOPIC_SUFFIX, "reader", Map.of());
        await().atMost(patience()).until(() -> letters.undecodable.size() >= 1);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> letters.deadLetters.isEmpty());
    }

    @Test
    void theConsecutiveErrorsLimitEndsTheConsumerAfterCommittingWhatItGaveUpOn() throws Exception {
        List<UUID> ids = produce(List.of(login(1, "k"), login(2, "k"), login(3, "k"), login(4, "k"), login(5, "k")));
        EventReceiver failing = event -> {
            throw new IllegalStateException("always");
        };
        receive(failing);
        Settings limited = settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 3, "EVENT_BUS_CONSUMER_MAX_RETRIES", 0);
        Recorder recorder = new Recorder();
        EventBusConsumer consumer = newConsumer(limited, ConsumerSpec.of(topic, group("limited")), recorder);
        try {
            assertThatThrownBy(consumer::consumeIndefinitely).isInstanceOf(ConsecutiveErrorsLimitException.class)
                    .hasMessageContaining("Too many consecutive errors (3)")
                    .hasMessageContaining("group '" + group("limited") + "'");
        } finally {
            consumer.close();
        }
        assertThat(recorder.deadLetters).extracting(l -> l.event().metadata().id()).containsExactlyElementsOf(
                ids.subList(0, 3));

        LOGIN.disconnect(failing);
        Recorder restarted = consume("limited", Map.of());
        await().atMost(patience()).until(() -> restarted.handled.size() >= 2);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> restarted.handled.size() == 2);
        assertThat(restarted.handledIds()).containsExactly(ids.get(3), ids.get(4));
    }

    @Test
    void stopFinishesTheEventInHandAndARestartGoesOnAfterIt() throws Exception {
        List<UUID> ids = produce(List.of(login(1, "k"), login(2, "k"), login(3, "k")));
        CountDownLatch inHand = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        receive(event -> {
            if (event.data("user", UserData.class).id() == 2) {
                inHand.countDown();
                release.await();
            }
        });
        Recorder recorder = consume("stopping", Map.of());
        assertThat(inHand.await(patience().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Running first = running.get(running.size() - 1);
        first.consumer.stop();
        release.countDown();
        first.thread.join(patience().toMillis());
        assertThat(first.thread.isAlive()).isFalse();
        assertThat(first.failure.get()).isNull();
        assertThat(recorder.handledIds()).containsExactly(ids.get(0), ids.get(1));

        Recorder restarted = consume("stopping", Map.of());
        await().atMost(patience()).until(() -> restarted.handled.size() >= 1);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> restarted.handled.size() == 1);
        assertThat(restarted.handledIds()).containsExactly(ids.get(2));
    }

    @Test
    void aRestartedGroupResumesWhereItStopped() throws Exception {
        List<UUID> first = produce(events(0, 10));
        Recorder before = consume("resuming", Map.of());
        await().atMost(patience()).until(() -> before.handled.size() >= 10);
        stop(running.get(running.size() - 1));

        List<UUID> second = produce(events(10, 20));
        Recorder after = consume("resuming", Map.of());
        await().atMost(patience()).until(() -> after.handled.size() >= 10);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> after.handled.size() == 10);
        assertThat(before.handledIds()).containsExactlyElementsOf(first);
        assertThat(after.handledIds()).containsExactlyElementsOf(second);
    }

    @Test
    void everyGroupSeesEveryEvent() {
        List<UUID> ids = produce(events(0, 20));
        Recorder one = consume("group-one", Map.of());
        Recorder two = consume("group-two", Map.of());
        await().atMost(patience()).until(() -> one.handled.size() >= 20 && two.handled.size() >= 20);
        assertThat(one.handledIds()).containsExactlyElementsOf(ids);
        assertThat(two.handledIds()).containsExactlyElementsOf(ids);
    }

    @Test
    void aNewGroupCanStartAtTheEnd() {
        Map<String, Object> options = startAtEnd();
        Assumptions.assumeTrue(options != null, () -> backend().name() + " cannot start a group at the end");
        List<UUID> old = produce(events(0, 5));
        Recorder recorder = consume("at-the-end", options);
        // Probe until the consumer is positioned: the first probe it handles shows it is.
        List<UUID> probes = new ArrayList<>();
        await().atMost(patience()).pollInterval(Duration.ofMillis(200)).until(() -> {
            probes.addAll(produce(events(100, 101)));
            return !recorder.handled.isEmpty();
        });
        List<UUID> later = produce(events(5, 7));
        await().atMost(patience()).until(() -> recorder.handledIds().containsAll(later));
        assertThat(recorder.handledIds()).doesNotContainAnyElementsOf(old);
        assertThat(probes).containsAll(recorder.handledIds().subList(0, 1));
    }

    @Test
    void aGroupCanStartAfterAPosition() {
        List<UUID> ids = produce(events(0, 5));
        Map<String, Object> options = startAfter(positions.get(ids.get(2)));
        Assumptions.assumeTrue(options != null, () -> backend().name() + " cannot start a group after a position");
        Recorder recorder = consume("after-a-position", options);
        await().atMost(patience()).until(() -> recorder.handled.size() >= 2);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> recorder.handled.size() == 2);
        assertThat(recorder.handledIds()).containsExactly(ids.get(3), ids.get(4));
    }

    @Test
    void aGroupCanStartFromATime() {
        Assumptions.assumeTrue(startFrom(OffsetDateTime.now(ZoneOffset.UTC)) != null,
                () -> backend().name() + " cannot start a group from a time");
        produce(events(0, 3));
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).plusNanos(2_000_000);
        await().atMost(patience()).until(() -> OffsetDateTime.now(ZoneOffset.UTC).isAfter(since.plusNanos(2_000_000)));
        List<UUID> later = produce(events(3, 5));
        Recorder recorder = consume("from-a-time", startFrom(since));
        await().atMost(patience()).until(() -> recorder.handled.size() >= 2);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> recorder.handled.size() == 2);
        assertThat(recorder.handledIds()).containsExactlyElementsOf(later);
    }

    @Test
    void theAdminKnowsTopicsAndDeletesAGroupWhichThenStartsAgain() throws Exception {
        try (BusAdmin admin = backend().createAdmin(BackendContext.of(settings(), Clock.systemUTC()))) {
            assertThat(admin.topicExists(fullTopic(topic))).as("before anything is sent").isFalse();
            List<UUID> ids = produce(events(0, 3));
            assertThat(admin.topicExists(fullTopic(topic))).isTrue();
            Recorder first = consume("deleted", Map.of());
            await().atMost(patience()).until(() -> first.handled.size() >= 3);
            stop(running.get(running.size() - 1));

            assertThat(admin.deleteGroup(fullTopic(topic), group("deleted"))).isTrue();
            assertThat(admin.deleteGroup(fullTopic(topic), group("deleted"))).as("a second time").isFalse();
            Recorder again = consume("deleted", Map.of());
            await().atMost(patience()).until(() -> again.handled.size() >= 3);
            assertThat(again.handledIds()).containsExactlyElementsOf(ids);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The settings of a test: the backend's, the kit's, then {@code more} (name, value, ...). */
    protected Settings settings(Object... more) {
        return Settings.of(settingValues(more));
    }

    private Map<String, Object> settingValues(Object... more) {
        return KitSettings.values(backend().name(), run, backendSettings(), more);
    }

    /** A consumer group of this run: a broker other test classes share keeps groups of every name. */
    protected String group(String name) {
        return run + "-" + name;
    }

    /** The test's topic as on the bus. */
    protected String fullTopic(String unprefixed) {
        return run + "-" + unprefixed;
    }

    /** The test's own topic, without the prefix. */
    protected String topic() {
        return topic;
    }

    /** The event's documented key field, when it leads to a value (some of upstream's do not). */
    private static String keyField(OpenEdxPublicSignal signal, EventData data) {
        String field = signal.eventKeyField().orElse(null);
        try {
            return field != null && EventKeys.extract(data, field) != null ? field : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A login event whose user id is {@code id}, keyed by {@code key}. */
    protected static EventData login(long id, String key) {
        return EventData.of("user", new UserData(id, true, new UserPersonalData(key, key + "@example.com", "User " + id)));
    }

    static List<EventData> events(int from, int to) {
        List<EventData> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(login(i, "user-" + i));
        }
        return events;
    }

    /** Sends the events to the test's topic, in order, and waits until all are delivered; returns their ids. */
    List<UUID> produce(List<EventData> events) {
        List<UUID> ids = new ArrayList<>();
        try (EventBusProducer producer = newProducer(settings(), positionRecorder)) {
            for (EventData data : events) {
                EventsMetadata metadata = LOGIN.generateSignalMetadata(null);
                producer.send(new OutgoingEvent(LOGIN, topic, KEY_FIELD, data, metadata));
                ids.add(metadata.id());
            }
            assertThat(producer.flush(patience())).as("every event delivered").isTrue();
        }
        return ids;
    }

    void receive(EventReceiver receiver) {
        receivers.add(receiver);
        LOGIN.connect(receiver);
    }

    Recorder consume(String group, Map<String, Object> extra) {
        return consume(settings(), topic, group, extra);
    }

    private Recorder consume(String consumedTopic, String group, Map<String, Object> extra) {
        return consume(settings(), consumedTopic, group, extra);
    }

    Recorder consume(Settings settings, String consumedTopic, String group, Map<String, Object> extra) {
        Recorder recorder = new Recorder();
        EventBusConsumer consumer = newConsumer(settings, new ConsumerSpec(consumedTopic, group(group), extra),
                recorder);
        Running started = new Running(consumer);
        running.add(started);
        started.thread.start();
        return recorder;
    }

    void stop(Running consumer) throws InterruptedException {
        consumer.consumer.stop();
        consumer.thread.join(patience().toMillis());
        assertThat(consumer.thread.isAlive()).as("the consumer stopped").isFalse();
    }

    /** A consumer on its own thread, and how it ended. */
    static final class Running {
        final EventBusConsumer consumer;
        final Thread thread;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Running(EventBusConsumer consumer) {
            this.consumer = consumer;
            this.thread = new Thread(() -> {
                try {
                    consumer.consumeIndefinitely();
                } catch (RuntimeException | Error e) {
                    failure.set(e);
                }
            }, "contract-consumer");
        }
    }

    /** A dead letter as the pipeline reported it. */
    record Letter(InboundEvent event, String position, String written, int attempts, Throwable error) {
    }

    /** Records what one consumer or producer did, as its listener. */
    static final class Recorder implements DeliveryListener {
        final List<InboundEvent> handled = Collections.synchronizedList(new ArrayList<>());
        final Map<UUID, Integer> attempts = new ConcurrentHashMap<>();
        final Map<UUID, Integer> retries = new ConcurrentHashMap<>();
        final List<Letter> deadLetters = Collections.synchronizedList(new ArrayList<>());
        final List<String> undecodable = Collections.synchronizedList(new ArrayList<>());
        final Map<UUID, InboundEvent> received = new ConcurrentHashMap<>();

        @Override
        public void received(ConsumerInfo consumer, InboundEvent event) {
            received.put(event.metadata().id(), event);
        }

        @Override
        public void handled(ConsumerInfo consumer, InboundEvent event, int attempts, long nanos) {
            this.attempts.put(event.metadata().id(), attempts);
            handled.add(event);
        }

        @Override
        public void retrying(ConsumerInfo consumer, InboundEvent event, int attempt, Duration delay) {
            retries.merge(event.metadata().id(), 1, Integer::sum);
        }

        @Override
        public void undecodable(ConsumerInfo consumer, String position, Throwable error) {
            undecodable.add(position);
        }

        @Override
        public void deadLettered(ConsumerInfo consumer, InboundEvent event, String position, String letter,
                                 int attempts, Throwable error) {
            deadLetters.add(new Letter(event, position, letter, attempts, error));
        }

        List<UUID> handledIds() {
            synchronized (handled) {
                return handled.stream().map(e -> e.metadata().id()).toList();
            }
        }

        List<InboundEvent> handledEvents() {
            synchronized (handled) {
                return List.copyOf(handled);
            }
        }
    }
}
