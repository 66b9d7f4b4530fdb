package org.openedx.events.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.HealthState;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerHealth;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.settings.Settings;

/**
 * The spool ({@code EVENT_BUS_PRODUCER_MODE=spool}) in front of a real Redis: nothing that a
 * send accepted is lost, and a topic keeps its order, when the producer is killed or Redis is
 * down for a while. Duplicates (an event confirmed by Redis but not yet removed from the spool
 * when the producer died) are allowed, and counted.
 */
@Tag("integration")
class SpoolIntegrationTest {

    private static RedisServer redis;
    @TempDir
    static Path redisDir;
    @TempDir
    Path dir;
    private final String topic = "spool-" + UUID.randomUUID();
    /** User ids as Redis delivers them to a consumer group, duplicates included. */
    private final List<Long> received = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private EventBusConsumer consumer;
    private Thread consuming;
    private EventReceiver receiver;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start(redisDir, "--appendonly", "yes");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor();
        }
        if (consumer != null) {
            consumer.stop();
            consuming.join(TimeUnit.SECONDS.toMillis(30));
        }
        LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(receiver);
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("EVENT_BUS_PRODUCER", "redis");
        settings.put("EVENT_BUS_CONSUMER", "redis");
        settings.put("EVENT_BUS_REDIS_CONNECTION_URL", redis.url());
        settings.put("EVENT_BUS_REDIS_STREAM_MAX_LEN", 1_000_000);
        settings.put("EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 3);
        settings.put("EVENT_BUS_PRODUCER_MODE", "spool");
        settings.put("EVENT_BUS_SPOOL_PATH", dir.resolve("spool.db").toString());
        settings.put("EVENT_BUS_EMBEDDED_PATH", dir.resolve("bus.db").toString());
        return settings;
    }

    private void consume() {
        receiver = event -> {
            synchronized (received) {
                received.add(event.data("user", UserData.class).id());
            }
        };
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        consumer = EventBusBackends.consumer(Settings.of(settings()), new ConsumerSpec(topic, "check", Map.of()));
        consuming = new Thread(consumer::consumeIndefinitely, "check-consumer");
        consuming.start();
    }

    private List<Long> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Each id's first arrival, in arrival order; and the duplicates' count. */
    private void assertAllArrivedInOrder(Set<Long> accepted) {
        await().atMost(Duration.ofSeconds(120)).until(() -> new LinkedHashSet<>(received()).containsAll(accepted));
        List<Long> arrived = received();
        List<Long> firsts = new ArrayList<>(new LinkedHashSet<>(arrived));
        assertThat(firsts).as("the topic's order").isSorted();
        System.out.printf("spool: %d events accepted, %d arrived, %d duplicate(s)%n", accepted.size(), arrived.size(),
                arrived.size() - firsts.size());
    }

    @Test
    void nothingASendAcceptedIsLostWhenTheProducerIsKilled() throws Exception {
        consume();
        Set<Long> accepted = new LinkedHashSet<>();
        Random random = new Random();
        long next = 0;
        for (int round = 0; round < 4; round++) {
            Path out = dir.resolve("producer-" + round + ".log");
            Process child = startChild(out, next, 1_000_000);
            long killAt = next + 500 + random.nextInt(3_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> lastAccepted(out) >= killAt);
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            List<Long> ids = acceptedIds(out);
            accepted.addAll(ids);
            next = ids.get(ids.size() - 1) + 1;
        }
        // A last producer, sending nothing, forwards what the killed ones left in the spool.
        startChild(dir.resolve("producer-last.log"), next, 0);
        assertAllArrivedInOrder(accepted);
    }

    @Test
    void nothingASendAcceptedIsLostWhileRedisIsDown() throws Exception {
        consume();
        AtomicLong confirmed = new AtomicLong();
        DeliveryListener counter = new DeliveryListener() {
            @Override
            public void delivered(ProducerInfo producer, OutgoingEvent event, String position, long nanos) {
                confirmed.incrementAndGet();
            }
        };
        Set<Long> accepted = new LinkedHashSet<>();
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(settings()), counter,
                Clock.systemUTC())) {
            for (long user = 0; user < 1_000; user++) {
                producer.send(SpoolChild.login(topic, user));
                accepted.add(user);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> received().size() >= 1_000);
            redis.stop();
            for (long user = 1_000; user < 3_000; user++) {
                producer.send(SpoolChild.login(topic, user));
                accepted.add(user);
            }
            assertThat(confirmed.get()).as("accepted while Redis is down").isEqualTo(3_000);
            // The outage lasts until the forwarder's writes fail (after the delivery timeout), as the producer's
            // health tells, with the spooled events as its pending ones.
            await().atMost(Duration.ofSeconds(60)).until(() -> producer.health().state() == HealthState.RECONNECTING);
            ProducerHealth down = producer.health();
            assertThat(down.connected()).isFalse();
            assertThat(down.reason()).as("the backend's failure").contains("Redis");
            assertThat(down.pending()).as("the events waiting in the spool").isGreaterThanOrEqualTo(2_000);
            redis.restart();
            assertAllArrivedInOrder(accepted);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(producer.health())
                    .extracting(ProducerHealth::state, ProducerHealth::pending).containsExactly(HealthState.RUNNING, 0L));
        }
    }

    @Test
    void aTraceStartedBeforeSendingContinuesInTheConsumersSpanThroughTheSpoolFile() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        EventTracing tracing = OpenTelemetryEventTracing.create(sdk);
        OutgoingEvent login = SpoolChild.login(topic, 1);
        Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
        // Redis is down while the event is sent: it waits in the spool's file, then a producer
        // that does not trace forwards it, so the context can only come from the file.
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(settings()), DeliveryListener.NONE,
                tracing, Clock.systemUTC())) {
            redis.stop();
            try (Scope scope = request.makeCurrent()) {
                producer.send(login);
            } finally {
                request.end();
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).as("durable in the spool").isTrue();
        }
        redis.restart();
        try (EventBusProducer forwarder = EventBusBackends.producer(Settings.of(settings()), DeliveryListener.NONE,
                EventTracing.NONE, Clock.systemUTC())) {
            consumer = EventBusBackends.consumer(Settings.of(settings()), new ConsumerSpec(topic, "traced", Map.of()),
                    DeliveryListener.NONE, tracing, Clock.systemUTC());
            consuming = new Thread(consumer::consumeIndefinitely, "traced-consumer");
            consuming.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> spansOf(spans, SpanKind.CONSUMER).size() == 1);
        }

        SpanData sent = spansOf(spans, SpanKind.PRODUCER).get(0);
        SpanData handled = spansOf(spans, SpanKind.CONSUMER).get(0);
        assertThat(spansOf(spans, SpanKind.PRODUCER)).as("one span for the send, none for the forwarding").hasSize(1);
        assertThat(sent.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(sent.getAttributes().get(AttributeKey.stringKey(OpenTelemetryEventTracing.POSITION)))
                .as("the send's span ends when the spool has the event").startsWith("spool:");
        assertThat(handled.getAttributes().get(AttributeKey.stringKey(OpenTelemetryEventTracing.MESSAGE_ID)))
                .isEqualTo(login.metadata().id().toString());
        assertThat(handled.getTraceId()).as("the consumer continues the sender's trace")
                .isEqualTo(request.getSpanContext().getTraceId());
        assertThat(handled.getParentSpanId()).as("a child of the send's span").isEqualTo(sent.getSpanId());
    }

    private static List<SpanData> spansOf(InMemorySpanExporter spans, SpanKind kind) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getKind() == kind).toList();
    }

    private Process startChild(Path out, long from, long count) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        settings().forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add(SpoolChild.class.getName());
        command.addAll(List.of(topic, Long.toString(from), Long.toString(count)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        children.add(child);
        return child;
    }

    private static List<Long> acceptedIds(Path out) throws IOException {
        List<Long> ids = new ArrayList<>();
        String text = Files.readString(out);
        // A line the kill cut short is not counted: only lines that end are.
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (line.startsWith(SpoolChild.ACCEPTED)) {
                ids.add(Long.parseLong(line.substring(SpoolChild.ACCEPTED.length()).trim()));
            }
        }
        return ids;
    }

    private static long lastAccepted(Path out) throws IOException {
        List<Long> ids = acceptedIds(out);
        return ids.isEmpty() ? -1 : ids.get(ids.size() - 1);
    }
}
