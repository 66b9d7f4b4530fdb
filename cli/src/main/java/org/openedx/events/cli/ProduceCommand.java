package org.openedx.events.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Sends events to a topic through the configured producer (upstream {@code produce_event}),
 * one from {@code --data} or many from a JSON-lines file in the shape {@code consume} prints.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send events to a topic with the configured producer (the embedded bus by default).")
final class ProduceCommand implements Callable<Integer> {

    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

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
        @Option(names = {"-d", "--data"}, description = "The event data as JSON, e.g. '{\"user\": {...}}'.")
        String data;

        @Option(names = {"-f", "--file"}, description = "A JSON-lines file of {\"event_type\", \"metadata\", \"data\"} "
                + "objects, as consume prints them.")
        Path file;
    }

    @Option(names = {"-m", "--metadata"}, description = "Metadata fields as JSON in the shape of EventsMetadata.to_json "
            + "(id, time, source, sourcehost, minorversion, sourcelib); the rest is defaulted.")
    String metadata;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        int sent = 0;
        try (EventBusProducer producer = EventBusBackends.producer(parent.busSettings())) {
            if (input.data != null) {
                OpenEdxPublicSignal signal = CliSupport.signal(requiredSignal());
                Map<String, Object> fields = metadata == null ? Map.of() : CliSupport.jsonObject(metadata, "--metadata");
                send(producer, signal, CliSupport.jsonObject(input.data, "--data"), fields);
                sent++;
            } else {
                try (BufferedReader lines = Files.newBufferedReader(input.file)) {
                    String line;
                    int number = 0;
                    while ((line = lines.readLine()) != null) {
                        number++;
                        if (line.isBlank()) {
                            continue;
                        }
                        try {
                            sendLine(producer, line);
                        } catch (RuntimeException e) {
                            throw new IllegalArgumentException(input.file + " line " + number + ": " + e.getMessage(), e);
                        }
                        sent++;
                    }
                }
            }
            if (!producer.flush(FLUSH_TIMEOUT)) {
                throw new IllegalStateException("Some of the " + sent + " events were not delivered; see the log above");
            }
        }
        err.println("openedx-events: sent " + sent + " event(s) to topic " + topic);
        err.flush();
        return 0;
    }

    private String requiredSignal() {
        if (signalName == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--signal is required with --data");
        }
        return signalName;
    }

    @SuppressWarnings("unchecked")
    private void sendLine(EventBusProducer producer, String line) {
        Map<String, Object> event = CliSupport.jsonObject(line, "the line");
        Object type = event.get("event_type");
        OpenEdxPublicSignal signal = CliSupport.signal(type != null ? String.valueOf(type) : requiredSignal());
        if (!(event.get("data") instanceof Map<?, ?> data)) {
            throw new IllegalArgumentException("the line has no \"data\" object");
        }
        Map<String, Object> fields = event.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        send(producer, signal, (Map<String, Object>) data, fields);
    }

    private void send(EventBusProducer producer, OpenEdxPublicSignal signal, Map<String, Object> data,
                      Map<String, Object> metadataFields) {
        EventData typed = CliSupport.typedData(signal, data);
        EventsMetadata eventMetadata = CliSupport.metadata(signal, metadataFields);
        String key = keyField != null ? keyField : signal.eventKeyField().orElse(null);
        producer.send(signal, topic, key, typed, eventMetadata);
    }
}
