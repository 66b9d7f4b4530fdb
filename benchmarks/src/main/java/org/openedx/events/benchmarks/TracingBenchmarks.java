package org.openedx.events.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.InboundEvent;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a traced event costs in the tracing module against the least any instrumentation that
 * follows OpenTelemetry's messaging conventions must spend: the SDK's own span with the same
 * attributes, parent and scope. The SDK is the one {@code run-observability.sh} measures (every
 * span sampled, a batch processor, a no-op exporter). Scores are nanoseconds per event on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingBenchmarks {

    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("openedx.event_type");
    private static final AttributeKey<String> POSITION = AttributeKey.stringKey("openedx.message.position");
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
        }
    };

    private OpenTelemetrySdk sdk;
    private Tracer tracer;
    private EventTracing tracing;
    private final ConsumerInfo consumer = new ConsumerInfo("redis", "user-login", "dev-user-login", "group", "c1");
    private final ProducerInfo producer = new ProducerInfo("redis", "dev");
    private InboundEvent inbound;
    private OutgoingEvent outgoing;
    private Map<String, String> carried;

    @Setup
    public void setUp() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite())
                                .setMaxQueueSize(1 << 18).setMaxExportBatchSize(4096).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        tracer = sdk.getTracer("benchmark");
        tracing = OpenTelemetryEventTracing.create(sdk);
        EventData data = EventData.of("user", new UserData(7, true, new UserPersonalData("user7", "u7@example.com",
                "User 7")));
        EventsMetadata metadata = LOGIN.generateSignalMetadata(null);
        inbound = new InboundEvent() {
            @Override
            public OpenEdxPublicSignal signal() {
                return LOGIN;
            }

            @Override
            public EventsMetadata metadata() {
                return metadata;
            }

            @Override
            public EventData data() {
                return data;
            }
        };
        outgoing = new OutgoingEvent(LOGIN, "user-login", "user.pii.username", data, metadata);
        carried = new HashMap<>(tracing.send(producer, outgoing, "dev-user-login").carried());
    }

    @TearDown
    public void tearDown() {
        sdk.close();
    }

    /** The floor of a consumer span: the carried context extracted, the span with its attributes, current, ended. */
    @Benchmark
    public void sdkConsumerSpan() {
        Context parent = sdk.getPropagators().getTextMapPropagator().extract(Context.current(), carried, GETTER);
        Span span = tracer.spanBuilder("process dev-user-login").setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute(SYSTEM, "redis").setAttribute(DESTINATION, "dev-user-login").setAttribute(GROUP, "group")
                .setAttribute(OPERATION_NAME, "process").setAttribute(OPERATION_TYPE, "process")
                .setAttribute(MESSAGE_ID, inbound.metadata().id().toString())
                .setAttribute(EVENT_TYPE, LOGIN.eventType()).setAttribute(POSITION, "1-0").startSpan();
        try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
            span.end();
        }
    }

    @Benchmark
    public void eventTracingHandle() {
        tracing.handle(consumer, inbound, "1-0", carried).end();
    }

    /** The floor of a producer span: the span with its attributes, its context injected into a carrier, ended. */
    @Benchmark
    public Map<String, String> sdkProducerSpan() {
        Span span = tracer.spanBuilder("send dev-user-login").setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "redis").setAttribute(DESTINATION, "dev-user-login")
                .setAttribute(OPERATION_NAME, "send").setAttribute(OPERATION_TYPE, "send")
                .setAttribute(MESSAGE_ID, outgoing.metadata().id().toString())
                .setAttribute(EVENT_TYPE, LOGIN.eventType()).startSpan();
        Map<String, String> carrier = new HashMap<>(2);
        sdk.getPropagators().getTextMapPropagator().inject(Context.current().with(span), carrier, Map::put);
        span.setAttribute(POSITION, "1-0");
        span.end();
        return carrier;
    }

    @Benchmark
    public Map<String, String> eventTracingSend() {
        EventTracing.SendTrace trace = tracing.send(producer, outgoing, "dev-user-login");
        trace.delivered("1-0");
        return trace.carried();
    }
}
