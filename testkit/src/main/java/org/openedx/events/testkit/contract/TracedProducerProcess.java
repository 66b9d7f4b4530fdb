package org.openedx.events.testkit.contract;

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
import java.util.List;
import java.util.Map;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.PythonJson;

/**
 * A producer in a process of its own, for the kit's cross-process trace test: it starts a trace,
 * sends one login event to a topic with the settings of its system properties and OpenTelemetry
 * tracing, and writes one line: the trace id, its producer span's id and the event id.
 */
public final class TracedProducerProcess {

    private TracedProducerProcess() {
    }

    /** {@code TOPIC FILE}. */
    public static void main(String[] args) throws IOException {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        Settings settings = Settings.fromEnvironment();
        EventsMetadata metadata = LearningSignals.SESSION_LOGIN_COMPLETED.generateSignalMetadata(null);
        Span request = sdk.getTracer("other-process").spanBuilder("request").startSpan();
        try (Scope scope = request.makeCurrent();
             EventBusProducer producer = EventBusBackends.producer(settings, DeliveryListener.NONE,
                     OpenTelemetryEventTracing.create(sdk), Clock.systemUTC())) {
            producer.send(new OutgoingEvent(LearningSignals.SESSION_LOGIN_COMPLETED, args[0], "user.pii.username",
                    EventData.of("user", new UserData(7, true, new UserPersonalData("ada", "ada@example.com", "Ada"))),
                    metadata));
            if (!producer.flush(Duration.ofSeconds(60))) {
                throw new IllegalStateException("The event was not delivered");
            }
        } finally {
            request.end();
        }
        SpanData sent = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.PRODUCER)
                .findFirst().orElseThrow();
        Files.writeString(Path.of(args[1]), sent.getTraceId() + " " + sent.getSpanId() + " " + metadata.id() + "\n");
        sdk.close();
    }

    /** Starts the process with these settings as its system properties; its output goes to a file beside {@code out}. */
    static Process start(Map<String, Object> settings, String topic, Path out) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        settings.forEach((name, value) -> command.add("-D" + name + "=" + (value instanceof String text ? text
                : PythonJson.dumps(value, false))));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TracedProducerProcess.class.getName());
        command.add(topic);
        command.add(out.toString());
        Path log = out.resolveSibling(out.getFileName() + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
