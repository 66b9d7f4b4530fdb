package org.openedx.events.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.micrometer.EventBusMetrics;
import org.openedx.events.opentelemetry.OpenTelemetryEventTracing;
import org.openedx.events.settings.Settings;

/**
 * What metrics and tracing cost, in one JVM and one run: for each round, and each of three modes
 * in turn (the first mode of a round moves on each round, so that none always goes first), one
 * thread produces N login events until all are confirmed, then a new group consumes them (decode,
 * emit to one receiver, commit). Modes: {@code off} (no listener, no tracing), {@code metrics}
 * ({@link EventBusMetrics} on a Prometheus registry, lag and pending gauges) and {@code tracing}
 * (OpenTelemetry, every span sampled, a batch processor that drops none, exporting to a no-op exporter; the
 * producer sends inside a request span). A first round warms the JIT up and is not counted.
 *
 * <pre>
 * java -cp benchmarks.jar org.openedx.events.benchmarks.ObservabilityOverhead N ROUNDS [GROUPS]
 * </pre>
 * {@code GROUPS} new groups (default 1) each consume the N events in turn, so that a consume phase
 * lasts long enough to measure where producing is much slower than consuming (the embedded bus).
 * The bus is the one the settings (system properties, environment) name.
 */
public final class ObservabilityOverhead {

    private enum Mode { OFF, METRICS, TRACING }

    private static final EventData[] DATA = new EventData[1000];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = EventData.of("user", new UserData(i, true,
                    new UserPersonalData("learner" + i, "learner" + i + "@example.com", "Learner " + i)));
        }
    }

    private ObservabilityOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int groups = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Settings settings = Settings.fromEnvironment();
        String run = "overhead-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Mode, List<double[]>> results = new EnumMap<>(Mode.class);
        for (int round = 0; round <= rounds; round++) {
            for (int m = 0; m < Mode.values().length; m++) {
                Mode mode = Mode.values()[(round + m) % Mode.values().length];
                String topic = run + "-" + round + "-" + mode.name().toLowerCase();
                double[] rates = measure(settings, mode, topic, events, groups);
                System.out.printf("%s %-8s produce %,10.0f events/s %6.2f µs CPU/event   consume %,10.0f events/s "
                                + "%6.2f µs CPU/event%n", round == 0 ? "warm-up " : "round " + round + " ",
                        mode.name().toLowerCase(), rates[0], rates[2], rates[1], rates[3]);
                if (round > 0) {
                    results.computeIfAbsent(mode, k -> new ArrayList<>()).add(rates);
                }
            }
        }
        double[] off = medians(results.get(Mode.OFF));
        System.out.println();
        for (Mode mode : Mode.values()) {
            double[] median = medians(results.get(mode));
            System.out.printf("median %-8s produce %,10.0f events/s (%+.1f%%), %.2f µs CPU/event (%+.1f%%)   "
                            + "consume %,10.0f events/s (%+.1f%%), %.2f µs CPU/event (%+.1f%%)%n",
                    mode.name().toLowerCase(), median[0], 100 * (median[0] / off[0] - 1), median[2],
                    100 * (median[2] / off[2] - 1), median[1], 100 * (median[1] / off[1] - 1), median[3],
                    100 * (median[3] / off[3] - 1));
        }
        System.exit(0);
    }

    /** The median of each figure: produce and consume rates, then their CPU per event. */
    private static double[] medians(List<double[]> rates) {
        double[] medians = new double[4];
        for (int i = 0; i < medians.length; i++) {
            int figure = i;
            double[] sorted = rates.stream().mapToDouble(r -> r[figure]).sorted().toArray();
            medians[i] = sorted[sorted.length / 2];
        }
        return medians;
    }

    /** CPU time of every thread of this JVM so far (the benchmark's, the bus's, the collector's, the exporter's). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Produces then consumes {@code events} in this mode; returns both rates (events/s), then the
     * microseconds of this JVM's CPU per event of each: less sensitive than the rates to other
     * processes on a shared machine (the Redis server's own CPU is not in it).
     */
    private static double[] measure(Settings settings, Mode mode, String topic, int events, int groups)
            throws Exception {
        PrometheusMeterRegistry registry = mode == Mode.METRICS ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                : null;
        EventBusMetrics metrics = registry == null ? null : new EventBusMetrics(registry);
        DeliveryListener listener = metrics == null ? DeliveryListener.NONE : metrics;
        OpenTelemetrySdk sdk = mode == Mode.TRACING ? OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite())
                                // Big enough that no span is dropped: every span is exported, as the cost to measure.
                                .setMaxQueueSize(1 << 18).setMaxExportBatchSize(4096).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build() : null;
        EventTracing tracing = sdk == null ? EventTracing.NONE : OpenTelemetryEventTracing.create(sdk);
        try {
            long cpu = processCpuNanos();
            double produced = produce(settings, listener, tracing, metrics, sdk, topic, events);
            long producedCpu = processCpuNanos();
            double consumeSeconds = 0;
            for (int group = 0; group < groups; group++) {
                consumeSeconds += consume(settings, listener, tracing, metrics, topic, "overhead-" + group, events);
            }
            long consumedCpu = processCpuNanos();
            return new double[] {produced, (double) events * groups / consumeSeconds,
                    (producedCpu - cpu) / 1e3 / events, (consumedCpu - producedCpu) / 1e3 / events / groups};
        } finally {
            if (sdk != null) {
                sdk.close();
            }
            if (registry != null) {
                registry.close();
            }
        }
    }

    private static double produce(Settings settings, DeliveryListener listener, EventTracing tracing,
                                  EventBusMetrics metrics, OpenTelemetrySdk sdk, String topic, int events) {
        var signal = LearningSignals.SESSION_LOGIN_COMPLETED;
        try (EventBusProducer producer = EventBusBackends.producer(settings, listener, tracing, Clock.systemUTC())) {
            if (metrics != null) {
                metrics.monitor(producer);
            }
            Span request = sdk == null ? null : sdk.getTracer("benchmark").spanBuilder("request").startSpan();
            long start = System.nanoTime();
            try (Scope scope = request == null ? null : request.makeCurrent()) {
                for (int i = 0; i < events; i++) {
                    producer.send(new OutgoingEvent(signal, topic, "user.pii.username", DATA[i % DATA.length],
                            signal.generateSignalMetadata(null)));
                }
                if (!producer.flush(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("Not every event was delivered: " + producer.stats());
                }
            } finally {
                if (request != null) {
                    request.end();
                }
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Consumes the topic's {@code events} as a new group; returns the seconds from the first event to the last. */
    private static double consume(Settings settings, DeliveryListener listener, EventTracing tracing,
                                  EventBusMetrics metrics, String topic, String group, int events)
            throws InterruptedException {
        AtomicInteger count = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        long[] first = new long[1];
        EventBusConsumer consumer = EventBusBackends.consumer(settings, ConsumerSpec.of(topic, group), listener,
                tracing, Clock.systemUTC());
        if (metrics != null) {
            metrics.monitor(consumer);
        }
        EventReceiver receiver = event -> {
            int n = count.incrementAndGet();
            if (n == 1) {
                first[0] = System.nanoTime();
            }
            if (n == events) {
                done.countDown();
            }
        };
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        Thread thread = new Thread(consumer::consumeIndefinitely, "consumer");
        thread.start();
        done.await();
        long end = System.nanoTime();
        consumer.stop();
        thread.join();
        consumer.close();
        LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(receiver);
        return (end - first[0]) / 1e9;
    }
}
