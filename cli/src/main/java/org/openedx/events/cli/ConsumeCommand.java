package org.openedx.events.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.openedx.events.EventReceiver;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ReceiverPlugin;
import org.openedx.events.SignalRegistry;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.ConsumerWorkers;
import org.openedx.events.bus.EventBus;
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
        description = "Consume a topic as a consumer group, emit each event to the receivers and print it as a JSON line.")
final class ConsumeCommand implements Callable<Integer> {

    @Option(names = {"-t", "--topic"}, description = "Topic, without the prefix. Without -t and -g, every enabled "
            + "consumer of EVENT_BUS_CONSUMER_CONFIG runs in this process.")
    String topic;

    @Option(names = {"-g", "--group_id", "--group-id"}, description = "Consumer group.")
    String groupId;

    @Option(names = "--extra", description = "Backend options as a JSON object, e.g. '{\"check_backlog\": false}'.")
    String extra;

    @Option(names = "--max-events", description = "Stop after this many events.")
    Long maxEvents;

    @Option(names = "--idle-timeout", description = "Stop after this many seconds without an event.")
    Double idleTimeout;

    @Option(names = "--receivers", description = "A jar, or a folder of jars, whose ReceiverPlugin services connect receivers.")
    Path receivers;

    @Option(names = "--quiet", description = "Do not print events.")
    boolean quiet;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (receivers != null) {
            loadReceivers(receivers);
        }
        Settings settings = parent.busSettings();
        List<ConsumerSpec> specs = specs(settings);
        // Receivers may send events of their own: the bus publishes those as configured.
        try (EventBus bus = EventBus.start(settings)) {
            return consume(settings, specs);
        }
    }

    private int consume(Settings settings, List<ConsumerSpec> specs) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        AtomicLong count = new AtomicLong();
        AtomicLong lastEvent = new AtomicLong(System.nanoTime());
        AtomicBoolean enough = new AtomicBoolean();
        AtomicReference<ConsumerWorkers> running = new AtomicReference<>();
        EventReceiver printer = event -> {
            if (!event.fromEventBus()) {
                return; // an event a receiver sent: the bus publishes it, this command does not consume it
            }
            if (!quiet) {
                String line = CliSupport.eventLine(event.signal(), event.metadata(), event.data());
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
            lastEvent.set(System.nanoTime());
            if (maxEvents != null && count.incrementAndGet() >= maxEvents) {
                enough.set(true);
                ConsumerWorkers workers = running.get();
                if (workers != null) {
                    workers.stop();
                }
            }
        };
        // Connected before the consumers start, so that no event is handled unseen.
        List<OpenEdxPublicSignal> signals = SignalRegistry.all();
        signals.forEach(s -> s.connect(printer));
        ConsumerWorkers workers;
        try {
            workers = ConsumerWorkers.start(settings, specs);
        } catch (RuntimeException e) {
            signals.forEach(s -> s.disconnect(printer));
            throw e;
        }
        running.set(workers);
        if (enough.get()) {
            workers.stop();
        }
        StopSignals.onStop(workers::stop);
        Thread idleWatch = idleTimeout == null ? null : startIdleWatch(workers, lastEvent);
        try {
            workers.await();
        } finally {
            signals.forEach(s -> s.disconnect(printer));
            if (idleWatch != null) {
                idleWatch.interrupt();
            }
            workers.close();
        }
        if (workers.failure().isPresent()) {
            throw workers.failure().get();
        }
        return 0;
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

    private Thread startIdleWatch(ConsumerWorkers workers, AtomicLong lastEvent) {
        long idleNanos = (long) (idleTimeout * 1e9);
        Thread watch = new Thread(() -> {
            try {
                while (System.nanoTime() - lastEvent.get() < idleNanos) {
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
