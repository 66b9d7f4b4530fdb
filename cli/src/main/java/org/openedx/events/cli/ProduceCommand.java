package org.openedx.events.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.EventKeys;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Sends events to a topic through the configured producer (upstream {@code produce_event}),
 * one from {@code --data} or many from a JSON-lines file in the shape {@code consume} prints.
 * Every event is checked before the first goes out, and the command says exactly how many were
 * sent, also when it is interrupted; it never reports a send that did not happen.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send events to a topic with the configured producer (the embedded bus by default).",
        footer = {"", "Examples:",
            "  openedx-events produce -s SESSION_LOGIN_COMPLETED -t user-login -d @login.json",
            "  openedx-events consume -t user-login -g g --max-events 10 > events.jsonl; "
                    + "openedx-events produce -t user-login -f events.jsonl",
            "", "Environment: EVENT_BUS_PRODUCER (embedded, redis, kafka; unset with EVENT_BUS_CONSUMER unset too: "
                    + "embedded), EVENT_BUS_TOPIC_PREFIX, EVENT_BUS_SETTINGS_FILE; see 'openedx-events settings'."})
final class ProduceCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);
    private static final long PROGRESS_NANOS = 1_000_000_000L;

    @Option(names = {"-s", "--signal"}, description = "Event type or upstream constant name (e.g. SESSION_LOGIN_COMPLETED); "
            + "with --file, lines may name their own event_type.")
    String signalName;

    @Option(names = {"-t", "--topic"}, required = true, description = "Topic, without the prefix.")
    String topic;

    @Option(names = {"-k", "--key-field"}, description = "event_key_field: dotted path of the key in the data; "
            + "default: the event's documented key field.")
    String keyField;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = {"-d", "--data"}, description = "The event data as JSON, e.g. '{\"user\": {...}}'; @FILE reads "
                + "it from a file, - from stdin.")
        String data;

        @Option(names = {"-f", "--file"}, description = "A JSON-lines file of {\"event_type\", \"metadata\", \"data\"} "
                + "objects, as consume prints them; - for stdin.")
        String file;
    }

    @Option(names = {"-m", "--metadata"}, description = "Metadata fields as JSON in the shape of EventsMetadata.to_json "
            + "(id, time, source, sourcehost, minorversion, sourcelib); the rest is defaulted. @FILE and - as for --data.")
    String metadata;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Settings settings = parent.busSettings();
        if (EventBusSettings.producerName(settings).isEmpty()) {
            throw new IllegalStateException("Nothing would be sent: EVENT_BUS_PRODUCER is not set (with "
                    + "EVENT_BUS_CONSUMER unset too, the command line uses the embedded bus)");
        }
        List<OutgoingEvent> events = input.data != null ? List.of(event(requiredSignal(),
                CliSupport.jsonObject(CliSupport.read(input.data, "--data"), "--data"),
                metadata == null ? Map.of() : CliSupport.jsonObject(CliSupport.read(metadata, "--metadata"), "--metadata")))
                : readFile(input.file);
        return send(settings, events);
    }

    private int send(Settings settings, List<OutgoingEvent> events) {
        PrintWriter err = spec.commandLine().getErr();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        DeliveryListener failures = new DeliveryListener() {
            @Override
            public void sendFailed(ProducerInfo producer, OutgoingEvent event, Throwable error) {
                firstFailure.compareAndSet(null, error);
            }
        };
        Interruption interruption = Interruption.watch();
        int sent = 0;
        boolean delivered;
        try (EventBusProducer producer = EventBusBackends.producer(settings, failures, Clock.systemUTC())) {
            long nextProgress = System.nanoTime() + PROGRESS_NANOS;
            boolean terminal = System.console() != null;
            for (OutgoingEvent event : events) {
                if (interruption.happened()) {
                    break;
                }
                producer.send(event);
                sent++;
                if (terminal && events.size() > 1 && System.nanoTime() - nextProgress >= 0) {
                    nextProgress += PROGRESS_NANOS;
                    err.printf("openedx-events: sent %d of %d events%n", sent, events.size());
                    err.flush();
                }
            }
            delivered = producer.flush(FLUSH_TIMEOUT);
            long failed = producer.stats().failed();
            if (!delivered) {
                throw new IllegalStateException((failed > 0 ? failed + " of the " + sent + " events sent were not "
                        + "delivered" : "Some of the " + sent + " events sent were not confirmed in "
                        + FLUSH_TIMEOUT.toSeconds() + " s") + (firstFailure.get() == null ? ""
                        : "; the first: " + firstFailure.get().getMessage()) + " (each is logged with its data)");
            }
        } finally {
            interruption.close();
        }
        if (interruption.happened()) {
            err.println("openedx-events: interrupted: sent " + sent + " of " + events.size() + " event(s) to topic "
                    + topic + "; the rest were not sent");
            err.flush();
            return 130;
        }
        err.println("openedx-events: sent " + sent + " event(s) to topic " + topic);
        err.flush();
        return 0;
    }

    /** Every line of the file as an event, all checked before any is sent; an error names the line. */
    private List<OutgoingEvent> readFile(String file) throws IOException {
        List<OutgoingEvent> events = new ArrayList<>();
        try (BufferedReader lines = CliSupport.reader(file, "--file")) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(lineEvent(line));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException((file.equals("-") ? "stdin" : file) + " line " + number + ": "
                            + e.getMessage() + "; nothing was sent", e);
                }
            }
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException((file.equals("-") ? "stdin" : file) + " holds no event");
        }
        return events;
    }

    private String requiredSignal() {
        if (signalName == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--signal is required with --data");
        }
        return signalName;
    }

    @SuppressWarnings("unchecked")
    private OutgoingEvent lineEvent(String line) {
        Map<String, Object> event = CliSupport.jsonObject(line, "the line");
        Object type = event.get("event_type");
        if (!(event.get("data") instanceof Map<?, ?> data)) {
            throw new IllegalArgumentException("the line has no \"data\" object");
        }
        Map<String, Object> fields = event.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return event(type != null ? String.valueOf(type) : requiredSignal(), (Map<String, Object>) data, fields);
    }

    /**
     * The typed event, checked as the producer will need it: data that fits the signal, metadata
     * that parses, and a key path that leads somewhere in the data (as upstream's Kafka producer
     * requires; a null value there is a null key).
     */
    private OutgoingEvent event(String signalName, Map<String, Object> data, Map<String, Object> metadataFields) {
        OpenEdxPublicSignal signal = CliSupport.signal(signalName);
        EventData typed = CliSupport.typedData(signal, data);
        EventsMetadata eventMetadata = CliSupport.metadata(signal, metadataFields);
        String key = keyField;
        if (key != null) {
            try {
                EventKeys.extract(typed, key);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--key-field '" + key + "' does not lead to a value in the data of "
                        + signal.eventType() + ": " + e.getMessage(), e);
            }
        } else {
            key = documentedKey(signal, typed);
        }
        return new OutgoingEvent(signal, topic, key, typed, eventMetadata);
    }

    /** The event's documented key field; none, with a warning, when upstream's annotation leads nowhere. */
    private String documentedKey(OpenEdxPublicSignal signal, EventData data) {
        String key = signal.eventKeyField().orElse(null);
        if (key == null) {
            return null;
        }
        try {
            EventKeys.extract(data, key);
            return key;
        } catch (RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("openedx-events: warning: the documented key field '" + key + "' of " + signal.eventType()
                    + " leads to no value in its data; sending without a key (give --key-field to choose one)");
            err.flush();
            return null;
        }
    }
}
