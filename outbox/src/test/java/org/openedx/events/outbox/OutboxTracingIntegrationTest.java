package org.openedx.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openedx.events.redis.testing.RedisServices;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.StoredEvent;

/**
 * The W3C trace context through the outbox, on PostgreSQL, relayed to Redis: a trace started
 * before {@code sendEvent} continues in the consumer's span, the outbox write being the
 * producer span; rows written before the trace context's columns still relay.
 */
@Tag("integration")
@ExtendWith(RedisServices.class)
class OutboxTracingIntegrationTest {

    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey(OpenTelemetryEventTracing.MESSAGE_ID);

    private static TestDatabase database;
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final String prefix = "traced-" + UUID.randomUUID().toString().substring(0, 8);
    private final Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix, List.of("logins"),
            "EVENT_BUS_CONSUMER", "redis");
    private EventBusConsumer consumer;
    private Thread consuming;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.postgres("outbox_traced");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (consumer != null) {
            consumer.stop();
            consuming.join(Duration.ofSeconds(30).toMillis());
            consumer.close();
        }
        sdk.close();
    }

    @Test
    void aTraceStartedBeforeACommittedSendContinuesInTheConsumersSpanAndARolledBackOneIsNeverRelayed()
            throws Exception {
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        List<String> sent = new ArrayList<>();
        EventReceiver recorder = OutboxIntegrationTest.recordIds(sent);
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .tracing(OpenTelemetryEventTracing.create(sdk)).outbox(JdbcOutbox.create(transactions)).start();
             OutboxRelay relay = OutboxRelay.start(database.dataSource(), (StoredEventProducer) bus.producer(),
                     settings)) {
            Span rolledBackRequest = sdk.getTracer("test").spanBuilder("rolled back request").startSpan();
            assertThatThrownBy(() -> inSpan(rolledBackRequest, () -> transactions.inTransaction(connection -> {
                OutboxIntegrationTest.sendLogins(1, 2);
                throw new SQLException("the application fails after sending");
            }))).hasMessage("the application fails after sending");
            List<String> rolledBack = List.copyOf(sent);
            sent.clear();

            Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
            inSpan(request, () -> transactions.inTransaction(connection -> {
                OutboxIntegrationTest.sendLogins(10, 2);
                return null;
            }));
            List<String> committed = List.copyOf(sent);
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);

            consume(bus);
            await().atMost(Duration.ofSeconds(60)).until(() -> spansOf(SpanKind.CONSUMER).size() >= 2);

            String traceId = request.getSpanContext().getTraceId();
            for (String id : committed) {
                SpanData written = only(spansOf(SpanKind.PRODUCER), id);
                SpanData handled = only(spansOf(SpanKind.CONSUMER), id);
                assertThat(written.getTraceId()).isEqualTo(traceId);
                assertThat(written.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
                assertThat(written.getAttributes().get(AttributeKey.stringKey(OpenTelemetryEventTracing.POSITION)))
                        .as("the producer span ends with the outbox write").isEqualTo("outbox");
                assertThat(handled.getTraceId()).as("the consumer continues the sender's trace").isEqualTo(traceId);
                assertThat(handled.getParentSpanId()).as("a child of the outbox write's span")
                        .isEqualTo(written.getSpanId());
            }
            assertThat(OutboxTestSupport.eventIds(RedisServices.url(), prefix + "-logins"))
                    .containsExactlyElementsOf(committed);
            String rolledBackTrace = rolledBackRequest.getSpanContext().getTraceId();
            assertThat(spansOf(SpanKind.CONSUMER)).as("nothing of the rolled-back transaction is relayed")
                    .extracting(SpanData::getTraceId).containsOnly(traceId);
            assertThat(spansOf(SpanKind.CONSUMER)).extracting(span -> span.getAttributes().get(MESSAGE_ID))
                    .doesNotContainAnyElementsOf(rolledBack);
            assertThat(OutboxTestSupport.entries(RedisServices.url(), prefix + "-logins"))
                    .extracting(entry -> entry.get("traceparent"))
                    .noneMatch(parent -> parent == null || parent.contains(rolledBackTrace));
            assertThat(relay.published()).isEqualTo(committed.size());
        } finally {
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);
        }
    }

    @Test
    void rowsWrittenBeforeTheTraceContextColumnsStillRelayAfterTheMigration() throws Exception {
        try (TestDatabase old = TestDatabase.emptyPostgres("outbox_v1")) {
            Flyway.configure(OutboxSchema.class.getClassLoader()).dataSource(old.dataSource())
                    .locations("classpath:org/openedx/events/outbox/db/postgresql").table(OutboxSchema.HISTORY_TABLE)
                    .target("1").load().migrate();
            JdbcTransactions transactions = new JdbcTransactions(old.dataSource());
            try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                    .tracing(OpenTelemetryEventTracing.create(sdk)).outbox(JdbcOutbox.create(transactions)).start()) {
                StoredEvent before = ((StoredEventProducer) bus.producer()).encode(new OutgoingEvent(
                        LearningSignals.SESSION_LOGIN_COMPLETED, "logins", "user.id", OutboxTestSupport.login(1),
                        LearningSignals.SESSION_LOGIN_COMPLETED.generateSignalMetadata(null)));
                try (Connection connection = old.dataSource().getConnection()) {
                    insertAsVersion1(connection, before);
                }

                OutboxSchema.migrate(old.dataSource());
                Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
                inSpan(request, () -> transactions.inTransaction(connection -> {
                    OutboxIntegrationTest.sendLogins(2, 1);
                    return null;
                }));
                try (OutboxRelay relay = OutboxRelay.start(old.dataSource(), (StoredEventProducer) bus.producer(),
                        settings)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> old.outboxRows(prefix) == 0);
                }
                List<Map<String, String>> entries = OutboxTestSupport.entries(RedisServices.url(), prefix + "-logins");
                assertThat(entries).hasSize(2);
                assertThat(entries.get(0).get("id")).isEqualTo(before.envelope().metadata().id().toString());
                assertThat(entries.get(0)).as("the version 1 row has no trace context").doesNotContainKey("traceparent");
                assertThat(entries.get(1).get("traceparent")).as("the new row carries its send's")
                        .contains(request.getSpanContext().getTraceId());
            }
        }
    }

    /** Writes the row as the outbox's first schema had it, with no trace context columns. */
    private static void insertAsVersion1(Connection connection, StoredEvent event) throws SQLException {
        Map<String, String> fields = MetadataCodec.BARE_FIELDS.toFields(event.envelope().metadata());
        try (PreparedStatement topic = connection.prepareStatement(
                "INSERT INTO event_bus_outbox_topic (full_topic) VALUES (?)");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO event_bus_outbox (topic, full_topic, "
                     + "event_key_field, event_key, event_type, event_id, source, event_time, minorversion, "
                     + "sourcehost, sourcelib, event_data, created_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            topic.setString(1, event.fullTopic());
            topic.executeUpdate();
            List<Object> values = Arrays.asList(event.topic(), event.fullTopic(), event.eventKeyField(),
                    event.envelope().key(), fields.get("type"), fields.get("id"), fields.get("source"),
                    fields.get("time"), Integer.parseInt(fields.get("minorversion")), fields.get("sourcehost"),
                    fields.get("sourcelib"), event.envelope().eventData(), System.currentTimeMillis());
            for (int i = 0; i < values.size(); i++) {
                insert.setObject(i + 1, values.get(i));
            }
            insert.executeUpdate();
        }
    }

    private static <T> T inSpan(Span span, Callable<T> work) throws Exception {
        try (Scope scope = span.makeCurrent()) {
            return work.call();
        } finally {
            span.end();
        }
    }

    private void consume(EventBus bus) {
        consumer = bus.newConsumer("logins", prefix + "-check", Map.of());
        consuming = new Thread(consumer::consumeIndefinitely, "traced-consumer");
        consuming.start();
    }

    private List<SpanData> spansOf(SpanKind kind) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getKind() == kind).toList();
    }

    private static SpanData only(List<SpanData> spans, String eventId) {
        List<SpanData> of = spans.stream().filter(span -> eventId.equals(span.getAttributes().get(MESSAGE_ID))).toList();
        assertThat(of).as("spans of event %s", eventId).hasSize(1);
        return of.get(0);
    }
}
