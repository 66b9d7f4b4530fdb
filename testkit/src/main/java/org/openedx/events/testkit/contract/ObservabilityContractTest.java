package org.openedx.events.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.ConsecutiveErrorsLimitException;
import org.openedx.events.bus.ConsumerHealth;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.HealthState;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerHealth;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.micrometer.EventBusMetrics;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openedx.events.settings.Settings;

/**
 * What every backend reports, as the delivery contract's companion: Micrometer counters and the
 * lag gauge that match what was produced, consumed, retried and dead-lettered; health that says
 * running, stopped and failed (with the reason); and a trace started before a send that goes on
 * in the consumer's span, in this process and from a producer in another one. A subclass per
 * backend says how to reach it (as for {@link EventBusContractTest}); it needs
 * {@code openedx-events-micrometer}, {@code openedx-events-opentelemetry} and
 * {@code opentelemetry-sdk-testing} on its test class path.
 */
public abstract class ObservabilityContractTest {

    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    private static final String KEY_FIELD = "user.pii.username";

    private final String run = "observed-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<EventBusConsumer> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<EventReceiver> receivers = new ArrayList<>();
    private String topic;

    /** A working folder of the test. */
    @TempDir
    protected Path workDir;

    /** The backend under test. */
    protected abstract EventBusBackend backend();

    /** The settings that reach the backend, as {@link EventBusContractTest#backendSettings()}. */
    protected abstract Map<String, Object> backendSettings();

    /**
     * Whether the backend knows a group's lag as soon as the consumer connects (embedded, Redis);
     * Kafka learns it from its fetches, and then counts only what it has not fetched.
     */
    protected boolean lagKnownBeforeFirstFetch() {
        return true;
    }

    /** Whether the backend can be consumed from another process. */
    protected boolean consumedByOtherProcesses() {
        return true;
    }

    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    @BeforeEach
    void nameTheTopic(TestInfo test) {
        topic = test.getTestMethod().orElseThrow().getName().replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        consumers.forEach(EventBusConsumer::stop);
        for (Thread thread : threads) {
            thread.join(patience().toMillis());
        }
        consumers.forEach(EventBusConsumer::close);
        receivers.forEach(LOGIN::disconnect);
    }

    // ---- metrics ------------------------------------------------------------------------------

    @Test
    void countersMatchWhatWasProducedConsumedRetriedAndDeadLettered() {
        MeterRegistry registry = new SimpleMeterRegistry();
        EventBusMetrics metrics = new EventBusMetrics(registry);
        Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
        receive(event -> {
            long id = event.data("user", UserData.class).id();
            int call = calls.computeIfAbsent(event.metadata().id(), k -> new AtomicInteger()).incrementAndGet();
            if (id == 2 || id == 3 && call == 1) {
                throw new IllegalStateException("receiver failed on " + id);
            }
        });
        try (EventBusProducer producer = newProducer(settings(), metrics, EventTracing.NONE)) {
            metrics.monitor(producer);
            for (int i = 1; i <= 5; i++) {
                send(producer, i);
            }
            assertThat(producer.flush(patience())).isTrue();
            assertThat(gauge(registry, EventBusMetrics.PENDING).value()).isZero();
        }
        EventBusConsumer consumer = consume(settings("EVENT_BUS_CONSUMER_MAX_RETRIES", 1), "counted", metrics,
                EventTracing.NONE);
        metrics.monitor(consumer);
        String eventType = LOGIN.eventType();
        await().atMost(patience()).until(() -> consumed(registry, EventBusMetrics.HANDLED) == 4
                && consumed(registry, EventBusMetrics.DEAD_LETTERED) == 1);

        String fullTopic = fullTopic();
        assertThat(registry.get(EventBusMetrics.SENT).tag(EventBusMetrics.OUTCOME, EventBusMetrics.DELIVERED)
                .tag(EventBusMetrics.SYSTEM, backend().name()).tag(EventBusMetrics.DESTINATION, fullTopic)
                .tag(EventBusMetrics.EVENT_TYPE, eventType).counter().count()).isEqualTo(5);
        assertThat(registry.find(EventBusMetrics.SENT).tag(EventBusMetrics.OUTCOME, EventBusMetrics.FAILED)
                .counter().count()).isZero();
        assertThat(registry.get(EventBusMetrics.OPERATION_DURATION).functionTimer().count()).isEqualTo(5);
        assertThat(registry.get(EventBusMetrics.RETRIES).tag(EventBusMetrics.GROUP, group("counted"))
                .tag(EventBusMetrics.EVENT_TYPE, eventType).counter().count()).isEqualTo(2);
        assertThat(registry.get(EventBusMetrics.DEAD_LETTERS).tag(EventBusMetrics.EVENT_TYPE, eventType)
                .counter().count()).isEqualTo(1);
        FunctionTimer process = registry.get(EventBusMetrics.PROCESS_DURATION)
                .tag(EventBusMetrics.DESTINATION, fullTopic).functionTimer();
        assertThat(process.count()).isEqualTo(4);
        assertThat(process.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get(EventBusMetrics.UNDECODABLE_MESSAGES).counter().count()).isZero();
        assertThat(registry.get(EventBusMetrics.RECONNECTS).counter().count()).isZero();
        // No tag value is an event id or a key.
        registry.getMeters().forEach(meter -> meter.getId().getTags().forEach(tag -> assertThat(tag.getValue())
                .doesNotContain("user-").doesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-.*")));
        await().atMost(patience()).until(() -> gauge(registry, EventBusMetrics.LAG).value() == 0);
    }

    @Test
    void theLagGaugeCountsWhatTheGroupHasNotConsumed() throws InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        EventBusMetrics metrics = new EventBusMetrics(registry);
        produce(1, 5);
        EventBusConsumer first = consume(settings(), "lagging", metrics, EventTracing.NONE);
        await().atMost(patience()).until(() -> first.stats().handled() == 5);
        first.stop();
        threads.get(threads.size() - 1).join(patience().toMillis());
        assertThat(first.health().state()).isEqualTo(HealthState.STOPPED);

        produce(6, 9);
        CountDownLatch release = new CountDownLatch(1);
        receive(event -> release.await());
        EventBusConsumer second = consume(settings(), "lagging", metrics, EventTracing.NONE);
        metrics.monitor(second);
        if (lagKnownBeforeFirstFetch()) {
            await().atMost(patience()).until(() -> second.health().lag().orElse(-1) == 4);
            assertThat(gauge(registry, EventBusMetrics.LAG).value()).isEqualTo(4);
        }
        release.countDown();
        await().atMost(patience()).until(() -> second.stats().handled() == 4);
        await().atMost(patience()).until(() -> second.health().lag().orElse(-1) == 0);
        assertThat(gauge(registry, EventBusMetrics.LAG).value()).isZero();
    }

    // ---- health -------------------------------------------------------------------------------

    @Test
    void healthSaysRunningThenStoppedAndTheProducerSaysWhatItDelivered() throws InterruptedException {
        Instant before = Instant.now().minusSeconds(1);
        try (EventBusProducer producer = newProducer(settings(), DeliveryListener.NONE, EventTracing.NONE)) {
            assertThat(producer.health().state()).isEqualTo(HealthState.STARTING);
            send(producer, 1);
            assertThat(producer.flush(patience())).isTrue();
            ProducerHealth health = producer.health();
            assertThat(health.state()).isEqualTo(HealthState.RUNNING);
            assertThat(health.connected()).isTrue();
            assertThat(health.lastDelivery()).isAfter(before);
            assertThat(health.pending()).isZero();
            assertThat(health.producer().system()).isEqualTo(backend().name());
        }
        EventBusConsumer consumer = consume(settings(), "healthy", DeliveryListener.NONE, EventTracing.NONE);
        await().atMost(patience()).until(() -> consumer.stats().handled() == 1);
        ConsumerHealth running = consumer.health();
        assertThat(running.state()).isEqualTo(HealthState.RUNNING);
        assertThat(running.healthy()).isTrue();
        assertThat(running.reason()).isNull();
        assertThat(running.lastPoll()).isAfter(before);
        assertThat(running.consumer().fullTopic()).isEqualTo(fullTopic());
        assertThat(running.consumer().group()).isEqualTo(group("healthy"));

        consumer.stop();
        threads.get(threads.size() - 1).join(patience().toMillis());
        assertThat(consumer.health().state()).isEqualTo(HealthState.STOPPED);
        assertThat(consumer.health().healthy()).isFalse();
    }

    @Test
    void healthSaysTheConsecutiveErrorsLimitStoppedTheConsumerAndWhy() {
        produce(1, 3);
        receive(event -> {
            throw new IllegalStateException("always");
        });
        MeterRegistry registry = new SimpleMeterRegistry();
        Settings limited = settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 2, "EVENT_BUS_CONSUMER_MAX_RETRIES", 0);
        EventBusConsumer consumer = newConsumer(limited, ConsumerSpec.of(topic, group("limited")),
                new EventBusMetrics(registry), EventTracing.NONE);
        consumers.add(consumer);
        assertThatThrownBy(consumer::consumeIndefinitely).isInstanceOf(ConsecutiveErrorsLimitException.class);
        ConsumerHealth health = consumer.health();
        assertThat(health.state()).isEqualTo(HealthState.FAILED);
        assertThat(health.reason()).contains("Too many consecutive errors (2)");
        assertThat(registry.get(EventBusMetrics.CONSECUTIVE_ERROR_STOPS).counter().count()).isEqualTo(1);
        assertThat(registry.get(EventBusMetrics.DEAD_LETTERS).tag(EventBusMetrics.EVENT_TYPE, LOGIN.eventType())
                .counter().count()).isEqualTo(2);
    }

    // ---- tracing ------------------------------------------------------------------------------

    @Test
    void aTraceStartedBeforeSendingContinuesInTheConsumersSpan() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = sdk(spans);
        EventTracing tracing = OpenTelemetryEventTracing.create(sdk);
        Map<UUID, SpanContext> inReceiver = new ConcurrentHashMap<>();
        receive(event -> {
            inReceiver.put(event.metadata().id(), Span.current().getSpanContext());
            if (event.data("user", UserData.class).id() == 2) {
                throw new IllegalStateException("receiver failed on 2");
            }
        });
        Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
        List<UUID> ids = new ArrayList<>();
        try (Scope scope = request.makeCurrent();
             EventBusProducer producer = newProducer(settings(), DeliveryListener.NONE, tracing)) {
            ids.add(send(producer, 1));
            ids.add(send(producer, 2));
            assertThat(producer.flush(patience())).isTrue();
        } finally {
            request.end();
        }
        consume(settings("EVENT_BUS_CONSUMER_MAX_RETRIES", 1), "traced", DeliveryListener.NONE, tracing);
        await().atMost(patience()).until(() -> spansOf(spans, SpanKind.CONSUMER).size() == 2);

        String traceId = request.getSpanContext().getTraceId();
        for (UUID id : ids) {
            SpanData sent = only(spansOf(spans, SpanKind.PRODUCER), id);
            SpanData handled = only(spansOf(spans, SpanKind.CONSUMER), id);
            assertThat(sent.getTraceId()).isEqualTo(traceId);
            assertThat(sent.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(sent.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo(backend().name());
            assertThat(sent.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                    .isEqualTo(fullTopic());
            assertThat(handled.getTraceId()).isEqualTo(traceId);
            assertThat(handled.getParentSpanId()).isEqualTo(sent.getSpanId());
            assertThat(handled.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")))
                    .isEqualTo(group("traced"));
            assertThat(inReceiver.get(id).getSpanId()).as("the receivers run in the consumer's span")
                    .isEqualTo(handled.getSpanId());
        }
        SpanData failed = only(spansOf(spans, SpanKind.CONSUMER), ids.get(1));
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents()).extracting(EventData::getName)
                .containsExactly("exception", OpenTelemetryEventTracing.RETRY_EVENT, "exception",
                        OpenTelemetryEventTracing.DEAD_LETTER_EVENT);
        assertThat(only(spansOf(spans, SpanKind.CONSUMER), ids.get(0)).getStatus().getStatusCode())
                .isNotEqualTo(StatusCode.ERROR);
    }

    @Test
    void aTraceFromAProducerInAnotherProcessContinuesInTheConsumersSpan() throws Exception {
        Assumptions.assumeTrue(consumedByOtherProcesses(), () -> backend().name() + " is not shared between processes");
        Path out = workDir.resolve("trace.txt");
        Process producer = TracedProducerProcess.start(settingValues(), topic, out);
        assertThat(producer.waitFor(patience().toSeconds(), TimeUnit.SECONDS)).as("the producer process ended").isTrue();
        assertThat(producer.exitValue()).as("its output: %s", out.resolveSibling(out.getFileName() + ".log")).isZero();
        List<String> written = ContractConsumerProcess.lines(out);
        assertThat(written).hasSize(1);
        String[] sent = written.get(0).split(" ");

        InMemorySpanExporter spans = InMemorySpanExporter.create();
        consume(settings(), "other-process", DeliveryListener.NONE, OpenTelemetryEventTracing.create(sdk(spans)));
        await().atMost(patience()).until(() -> spansOf(spans, SpanKind.CONSUMER).size() == 1);
        SpanData handled = spansOf(spans, SpanKind.CONSUMER).get(0);
        assertThat(handled.getTraceId()).as("the trace the other process started").isEqualTo(sent[0]);
        assertThat(handled.getParentSpanId()).as("the other process's producer span").isEqualTo(sent[1]);
        assertThat(handled.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))).isEqualTo(sent[2]);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static OpenTelemetrySdk sdk(InMemorySpanExporter spans) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    private static List<SpanData> spansOf(InMemorySpanExporter spans, SpanKind kind) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
    }

    private static SpanData only(List<SpanData> spans, UUID eventId) {
        List<SpanData> of = spans.stream().filter(s -> eventId.toString()
                .equals(s.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))).toList();
        assertThat(of).as("spans of event %s", eventId).hasSize(1);
        return of.get(0);
    }

    private static double consumed(MeterRegistry registry, String outcome) {
        Counter counter = registry.find(EventBusMetrics.CONSUMED).tag(EventBusMetrics.OUTCOME, outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Gauge gauge(MeterRegistry registry, String name) {
        return registry.get(name).gauge();
    }

    /** The settings of a test: the backend's, the kit's, then {@code more} (name, value, ...). */
    protected Settings settings(Object... more) {
        return Settings.of(settingValues(more));
    }

    private Map<String, Object> settingValues(Object... more) {
        return KitSettings.values(backend().name(), run, backendSettings(), more);
    }

    protected String group(String name) {
        return run + "-" + name;
    }

    private String fullTopic() {
        return run + "-" + topic;
    }

    protected EventBusProducer newProducer(Settings settings, DeliveryListener listener, EventTracing tracing) {
        return EventBusBackends.producer(backend(), settings, listener, tracing, Clock.systemUTC());
    }

    protected EventBusConsumer newConsumer(Settings settings, ConsumerSpec spec, DeliveryListener listener,
                                           EventTracing tracing) {
        return EventBusBackends.consumer(backend(), settings, spec, listener, tracing, Clock.systemUTC());
    }

    private UUID send(EventBusProducer producer, long id) {
        String key = "user-" + id;
        EventsMetadata metadata = LOGIN.generateSignalMetadata(null);
        producer.send(new OutgoingEvent(LOGIN, topic, KEY_FIELD, org.openedx.events.EventData.of("user",
                new UserData(id, true, new UserPersonalData(key, key + "@example.com", "User " + id))), metadata));
        return metadata.id();
    }

    private void produce(int from, int to) {
        try (EventBusProducer producer = newProducer(settings(), DeliveryListener.NONE, EventTracing.NONE)) {
            for (int i = from; i <= to; i++) {
                send(producer, i);
            }
            assertThat(producer.flush(patience())).isTrue();
        }
    }

    private void receive(EventReceiver receiver) {
        receivers.add(receiver);
        LOGIN.connect(receiver);
    }

    private EventBusConsumer consume(Settings settings, String group, DeliveryListener listener, EventTracing tracing) {
        EventBusConsumer consumer = newConsumer(settings, ConsumerSpec.of(topic, group(group)), listener, tracing);
        Thread thread = new Thread(consumer::consumeIndefinitely, "observed-consumer");
        consumers.add(consumer);
        threads.add(thread);
        thread.start();
        return consumer;
    }
}
