package org.openedx.events.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.openedx.events.ReceiverPlugin;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.InboundEvent;
import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.EventBus;
import org.openedx.events.micrometer.EventBusMetrics;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Consumes a topic for a group, or every consumer of {@code EVENT_BUS_CONSUMER_CONFIG}, and
 * emits each event to this process's receivers (upstream {@code consume_events}); by default
 * each event is also printed as one JSON line.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Consume a topic as a consumer group, emit each event to the receivers and print it as a JSON line.",
        footer = {"", "Examples:",
            "  openedx-events consume -t user-login -g my-service",
            "  openedx-events consume -t user-login -g my-service --extra '{\"check_backlog\": false}' --max-events 10",
            "  openedx-events consume              (every enabled consumer of EVENT_BUS_CONSUMER_CONFIG)",
            "", "Environment: EVENT_BUS_CONSUMER (embedded, redis, kafka; unset with EVENT_BUS_PRODUCER unset too: "
                    + "embedded), EVENT_BUS_CONSUMER_CONFIG, EVENT_BUS_TOPIC_PREFIX, EVENT_BUS_SETTINGS_FILE; see "
                    + "'openedx-events settings'.",
            "Exit status: 0 after Ctrl-C, SIGTERM, --max-events or --idle-timeout; 1 when a consumer fails (its "
                    + "consecutive-errors limit, a backend it never reached)."})
final class ConsumeCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    /** How long the start waits to learn whether the topics exist. */
    private static final long TOPIC_CHECK_WAIT_MILLIS = 2_000;

    @Option(names = {"-t", "--topic"}, description = "Topic, without the prefix. Without -t and -g, every enabled "
            + "consumer of EVENT_BUS_CONSUMER_CONFIG runs in this process.")
    String topic;

    @Option(names = {"-g", "--group_id", "--group-id"}, description = "Consumer group.")
    String groupId;

    @Option(names = "--extra", description = "Backend options as a JSON object, e.g. '{\"check_backlog\": false}'.")
    String extra;

    @Option(names = "--max-events", description = "Stop after this many events (at least 1).")
    Long maxEvents;

    @Option(names = "--idle-timeout", description = "Stop after this many seconds without an event, counted from the "
            + "moment the consumers are running.")
    Double idleTimeout;

    @Option(names = "--receivers", description = "A jar, or a folder of jars, whose ReceiverPlugin services connect receivers.")
    Path receivers;

    @Option(names = "--quiet", description = "Do not print events.")
    boolean quiet;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve /metrics (Prometheus text) and /health "
            + "(200 while every consumer runs, else 503 naming the failing topic and group) on this port; 0 picks a "
            + "free one.")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "The address "
            + "--metrics-port listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface, as in a container).")
    String metricsBind;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (maxEvents != null && maxEvents < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-events must be at least 1, found "
                    + maxEvents);
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--metrics-port must be 0 to 65535, found "
                    + metricsPort);
        }
        if (idleTimeout != null && !(idleTimeout > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--idle-timeout must be a positive number of "
                    + "seconds, found " + idleTimeout);
        }
        if (receivers != null) {
            loadReceivers(receivers);
        }
        Settings settings = parent.busSettings();
        List<ConsumerSpec> specs = specs(settings);
        if (EventBusSettings.from(settings).producerConfig().isEmpty()) {
            return consume(settings, specs);
        }
        // Receivers may send events of their own: the bus publishes those as EVENT_BUS_PRODUCER_CONFIG says.
        EventBus bus;
        try {
            bus = EventBus.start(settings);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot start the producer that publishes the events receivers send "
                    + "(EVENT_BUS_PRODUCER_CONFIG is set): " + e.getMessage(), e);
        }
        try (bus) {
            return consume(settings, specs);
        }
    }

    private int consume(Settings settings, List<ConsumerSpec> specs) throws InterruptedException {
        announceMissingTopics(settings, specs);
        Printer printer = new Printer(spec.commandLine().getOut(), specs.size());
        PrometheusMeterRegistry registry = metricsPort == null ? null
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EventBusMetrics metrics = registry == null ? null : new EventBusMetrics(registry);
        ConsumerWorkers workers = ConsumerWorkers.start(settings, specs,
                metrics == null ? printer : DeliveryListener.of(List.of(printer, metrics)), Clock.systemUTC());
        printer.workers.set(workers);
        WorkerEndpoint endpoint = null;
        if (registry != null) {
            metrics.monitor(workers);
            try {
                endpoint = WorkerEndpoint.start(metricsBind, metricsPort, registry, workers::health);
            } catch (RuntimeException e) {
                workers.close();
                throw e;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("openedx-events: metrics at http://" + metricsBind + ":" + endpoint.address().getPort()
                    + "/metrics, health at /health");
            err.flush();
        }
        if (printer.enough.get()) {
            workers.stop();
        }
        StopSignals.onStop(workers::stop);
        Thread idleWatch = idleTimeout == null ? null : startIdleWatch(workers, printer);
        try {
            workers.await();
        } finally {
            if (idleWatch != null) {
                idleWatch.interrupt();
            }
            workers.close();
            if (endpoint != null) {
                endpoint.close();
            }
        }
        if (workers.failure().isPresent()) {
            throw workers.failure().get();
        }
        return 0;
    }

    /**
     * Prints each consumed event once, as one JSON line (with its dead letter's attributes on a
     * dead-letter topic), when its outcome is known (handled, or given up on: dead-lettered, or
     * left on a dead-letter topic), counts it towards {@code --max-events} and notes the time for
     * {@code --idle-timeout}.
     */
    private final class Printer implements DeliveryListener {
        private final PrintWriter out;
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong lastEvent = new AtomicLong(System.nanoTime());
        private final AtomicBoolean enough = new AtomicBoolean();
        private final AtomicReference<ConsumerWorkers> workers = new AtomicReference<>();
        /** Consumers not running yet: the idle time counts once there are none. */
        private final AtomicLong starting;

        Printer(PrintWriter out, int consumers) {
            this.out = out;
            this.starting = new AtomicLong(consumers);
        }

        @Override
        public void started(ConsumerInfo consumer) {
            lastEvent.set(System.nanoTime());
            starting.decrementAndGet();
        }

        @Override
        public void handled(ConsumerInfo consumer, InboundEvent event, int attempts, long nanos) {
            done(event);
        }

        @Override
        public void deadLettered(ConsumerInfo consumer, InboundEvent event, String position, String letter,
                                 int attempts, Throwable error) {
            done(event);
        }

        @Override
        public void gaveUp(ConsumerInfo consumer, InboundEvent event, String position, int attempts, Throwable error) {
            done(event);
        }

        private void done(InboundEvent event) {
            if (!quiet && event != null) {
                String line = CliSupport.eventLine(event.signal(), event.metadata(), event.data(),
                        event.deadLetter().orElse(null));
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
            lastEvent.set(System.nanoTime());
            if (maxEvents != null && count.incrementAndGet() >= maxEvents) {
                enough.set(true);
                ConsumerWorkers running = workers.get();
                if (running != null) {
                    running.stop();
                }
            }
        }
    }

    /** One consumer from -t/-g, or every enabled one of EVENT_BUS_CONSUMER_CONFIG. */
    private List<ConsumerSpec> specs(Settings settings) {
        if (topic == null && groupId == null) {
            List<ConsumerSpec> configured = EventBusSettings.from(settings).consumerConfig().enabledSpecs();
            if (configured.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give -t TOPIC and -g GROUP, or set "
                        + "EVENT_BUS_CONSUMER_CONFIG with at least one enabled consumer");
            }
            if (extra != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--extra goes with -t and -g; "
                        + "EVENT_BUS_CONSUMER_CONFIG entries have their own 'extra'");
            }
            return configured;
        }
        if (topic == null || groupId == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-t TOPIC and -g GROUP go together");
        }
        Map<String, Object> options = extra == null ? Map.of() : CliSupport.jsonObject(extra, "--extra");
        return List.of(new ConsumerSpec(topic, groupId, options));
    }

    /** Stops the consumers once every one of them runs and none has had an event for the idle timeout. */
    private Thread startIdleWatch(ConsumerWorkers workers, Printer printer) {
        long idleNanos = (long) (idleTimeout * 1e9);
        Thread watch = new Thread(() -> {
            try {
                while (printer.starting.get() > 0 || System.nanoTime() - printer.lastEvent.get() < idleNanos) {
                    Thread.sleep(50);
                }
                workers.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "idle-timeout");
        watch.setDaemon(true);
        watch.start();
        return watch;
    }

    /**
     * Says, once, which topics do not exist on the bus yet: a misspelt topic would otherwise wait
     * in silence, and the consumers create what they consume. Asked before they start, for at most
     * {@value #TOPIC_CHECK_WAIT_MILLIS} ms: a backend that cannot be reached is the consumers' to report.
     */
    private void announceMissingTopics(Settings settings, List<ConsumerSpec> specs) throws InterruptedException {
        BackendContext context = BackendContext.of(settings, Clock.systemUTC());
        CompletableFuture<List<String>> missing = CompletableFuture.supplyAsync(() -> {
            try (BusAdmin admin = EventBusBackends.admin(settings)) {
                return specs.stream().map(consumer -> context.fullTopic(consumer.topic())).distinct()
                        .filter(fullTopic -> !admin.topicExists(fullTopic)).toList();
            }
        });
        List<String> topics;
        try {
            topics = missing.get(TOPIC_CHECK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String fullTopic : topics) {
            err.println("openedx-events: topic '" + fullTopic + "' does not exist on the bus yet; waiting for its "
                    + "first event");
        }
        err.flush();
    }

    private static void loadReceivers(Path path) throws IOException {
        List<URL> jars = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(url(jar));
                }
            }
        } else if (Files.isRegularFile(path)) {
            jars.add(url(path));
        } else if (!Files.exists(path)) {
            throw new IllegalArgumentException("--receivers: " + CliSupport.cannotRead(path,
                    new java.nio.file.NoSuchFileException(path.toString())));
        } else {
            throw new IllegalArgumentException("--receivers " + path + " is neither a jar nor a folder");
        }
        URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), ConsumeCommand.class.getClassLoader());
        int plugins = 0;
        for (ReceiverPlugin plugin : ServiceLoader.load(ReceiverPlugin.class, loader)) {
            plugin.connect();
            plugins++;
        }
        if (plugins == 0) {
            throw new IllegalArgumentException("--receivers " + path + " has no ReceiverPlugin service "
                    + "(META-INF/services/" + ReceiverPlugin.class.getName() + ")");
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Cannot use " + jar + ": " + e.getMessage(), e);
        }
    }
}
