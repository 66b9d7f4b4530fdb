package org.openedx.events.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.InboundEvent;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;

/**
 * Traces every backend with OpenTelemetry: a {@link SpanKind#PRODUCER} span per send (a child of
 * the sender's current span, ended when the backend confirms or fails the event) and a
 * {@link SpanKind#CONSUMER} span per handled event, a child of the producer's span through the
 * W3C trace context the event carries ({@code traceparent}, {@code tracestate}, written by the
 * {@link OpenTelemetry}'s propagators). The receivers run with the consumer span current; a
 * receiver's exception is recorded on it for each attempt, and retries and a dead letter are
 * span events.
 *
 * <p>Attributes follow OpenTelemetry's messaging conventions: {@value #SYSTEM},
 * {@value #DESTINATION}, {@value #GROUP} (consumers), {@value #OPERATION_NAME},
 * {@value #OPERATION_TYPE}, {@value #MESSAGE_ID} (the event id), and {@value #EVENT_TYPE}.
 */
public final class OpenTelemetryEventTracing implements EventTracing {

    /** The instrumentation scope's name. */
    public static final String INSTRUMENTATION = "org.openedx.events";

    public static final String SYSTEM = "messaging.system";
    public static final String DESTINATION = "messaging.destination.name";
    public static final String GROUP = "messaging.consumer.group.name";
    public static final String OPERATION_NAME = "messaging.operation.name";
    public static final String OPERATION_TYPE = "messaging.operation.type";
    public static final String MESSAGE_ID = "messaging.message.id";
    public static final String EVENT_TYPE = "openedx.event_type";
    /** Where the message is on the bus: an entry id, {@code partition:offset}, a position. */
    public static final String POSITION = "openedx.message.position";
    public static final String ERROR_TYPE = "error.type";
    /** The span event of a retry, with {@value #ATTEMPT} and {@value #DELAY_MS}. */
    public static final String RETRY_EVENT = "retry";
    /** The span event of a dead letter, with {@value #DEAD_LETTER_POSITION} and {@value #ERROR_TYPE}. */
    public static final String DEAD_LETTER_EVENT = "dead_letter";
    public static final String ATTEMPT = "openedx.attempt";
    public static final String DELAY_MS = "openedx.retry.delay_ms";
    public static final String DEAD_LETTER_POSITION = "openedx.dead_letter.position";

    private static final AttributeKey<String> SYSTEM_KEY = AttributeKey.stringKey(SYSTEM);
    private static final AttributeKey<String> DESTINATION_KEY = AttributeKey.stringKey(DESTINATION);
    private static final AttributeKey<String> GROUP_KEY = AttributeKey.stringKey(GROUP);
    private static final AttributeKey<String> OPERATION_NAME_KEY = AttributeKey.stringKey(OPERATION_NAME);
    private static final AttributeKey<String> OPERATION_TYPE_KEY = AttributeKey.stringKey(OPERATION_TYPE);
    private static final AttributeKey<String> MESSAGE_ID_KEY = AttributeKey.stringKey(MESSAGE_ID);
    private static final AttributeKey<String> EVENT_TYPE_KEY = AttributeKey.stringKey(EVENT_TYPE);
    private static final AttributeKey<String> POSITION_KEY = AttributeKey.stringKey(POSITION);
    private static final AttributeKey<String> ERROR_TYPE_KEY = AttributeKey.stringKey(ERROR_TYPE);
    private static final AttributeKey<Long> ATTEMPT_KEY = AttributeKey.longKey(ATTEMPT);
    private static final AttributeKey<Long> DELAY_KEY = AttributeKey.longKey(DELAY_MS);
    private static final AttributeKey<String> LETTER_KEY = AttributeKey.stringKey(DEAD_LETTER_POSITION);

    private static final TextMapGetter<Map<String, String>> CARRIED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Map<String, Shape> sends = new ConcurrentHashMap<>();
    private final Map<ConsumerInfo, Shape> handles = new ConcurrentHashMap<>();

    private OpenTelemetryEventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Tracing with this OpenTelemetry's tracer provider and propagators (W3C trace context for the carried fields). */
    public static OpenTelemetryEventTracing create(OpenTelemetry openTelemetry) {
        return new OpenTelemetryEventTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** A span's name and the attributes of every span of one destination, made once. */
    private record Shape(String name, Attributes attributes) {
    }

    @Override
    public SendTrace send(ProducerInfo producer, OutgoingEvent event, String fullTopic) {
        Shape shape = sends.get(fullTopic);
        if (shape == null || !producer.system().equals(shape.attributes().get(SYSTEM_KEY))) {
            shape = new Shape("send " + fullTopic, Attributes.of(SYSTEM_KEY, producer.system(), DESTINATION_KEY,
                    fullTopic, OPERATION_NAME_KEY, "send", OPERATION_TYPE_KEY, "send"));
            sends.put(fullTopic, shape);
        }
        Span span = tracer.spanBuilder(shape.name()).setSpanKind(SpanKind.PRODUCER)
                .setAllAttributes(shape.attributes())
                .setAttribute(MESSAGE_ID_KEY, event.metadata().id().toString())
                .setAttribute(EVENT_TYPE_KEY, event.signal().eventType())
                .startSpan();
        Map<String, String> carried = new LinkedHashMap<>(2);
        propagator.inject(Context.current().with(span), carried, (carrier, key, value) -> carrier.put(key, value));
        return new Send(span, carried);
    }

    @Override
    public HandleTrace handle(ConsumerInfo consumer, InboundEvent event, String position, Map<String, String> carried) {
        Context parent = carried.isEmpty() ? Context.current()
                : propagator.extract(Context.current(), carried, CARRIED);
        Shape shape = handles.computeIfAbsent(consumer, c -> new Shape("process " + c.fullTopic(),
                Attributes.builder().put(SYSTEM_KEY, c.system()).put(DESTINATION_KEY, c.fullTopic())
                        .put(GROUP_KEY, c.group()).put(OPERATION_NAME_KEY, "process")
                        .put(OPERATION_TYPE_KEY, "process").build()));
        Span span = tracer.spanBuilder(shape.name()).setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setAllAttributes(shape.attributes())
                .setAttribute(MESSAGE_ID_KEY, event.metadata().id().toString())
                .setAttribute(EVENT_TYPE_KEY, event.signal().eventType())
                .setAttribute(POSITION_KEY, position)
                .startSpan();
        return new Handle(span, span.makeCurrent());
    }

    /** A send's span: what the message carries, ended by the backend's answer. */
    private static final class Send implements SendTrace {
        private final Span span;
        private final Map<String, String> carried;

        Send(Span span, Map<String, String> carried) {
            this.span = span;
            this.carried = carried;
        }

        @Override
        public Map<String, String> carried() {
            return carried;
        }

        @Override
        public void delivered(String position) {
            span.setAttribute(POSITION_KEY, position);
            span.end();
        }

        @Override
        public void failed(Throwable error) {
            span.recordException(error);
            span.setAttribute(ERROR_TYPE_KEY, error.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.end();
        }
    }

    /** A handling's span, current on the consumer's thread until it ends. */
    private static final class Handle implements HandleTrace {
        private final Span span;
        private final Scope scope;

        Handle(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        @Override
        public void attemptFailed(int attempt, Throwable error) {
            span.recordException(error, Attributes.of(ATTEMPT_KEY, (long) attempt));
        }

        @Override
        public void retrying(int attempt, Duration delay) {
            span.addEvent(RETRY_EVENT, Attributes.of(ATTEMPT_KEY, (long) attempt, DELAY_KEY, delay.toMillis()));
        }

        @Override
        public void deadLettered(String letter, Throwable error) {
            span.addEvent(DEAD_LETTER_EVENT, Attributes.of(LETTER_KEY, letter, ERROR_TYPE_KEY,
                    error.getClass().getName()));
            span.setAttribute(ERROR_TYPE_KEY, error.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        }

        @Override
        public void end() {
            scope.close();
            span.end();
        }
    }
}
