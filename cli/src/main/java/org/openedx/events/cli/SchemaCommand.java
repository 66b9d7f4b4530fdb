package org.openedx.events.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.settings.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Prints schema strings, or writes one {@code .avsc} file per event (upstream
 * {@code generate_avro_schemas}), or describes the bus as an AsyncAPI 3.0 document.
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the Avro schema string of events (all that can go on the bus when none is named), "
                + "write one .avsc file per event with --dir, or print the bus as an AsyncAPI 3.0 document with "
                + "--asyncapi: a channel per topic, its events with their Avro schema, key field and metadata headers.",
        footer = {"", "Examples:",
            "  openedx-events schema SESSION_LOGIN_COMPLETED",
            "  openedx-events schema --dir schemas/",
            "  openedx-events --settings lms.yml schema --asyncapi --producer-config > asyncapi.json",
            "", "Environment: none without --asyncapi (the event catalog alone); with it EVENT_BUS_PRODUCER_CONFIG, "
                    + "EVENT_BUS_CONSUMER_CONFIG, EVENT_BUS_TOPIC_PREFIX, EVENT_BUS_PRODUCER (kafka: ce_* headers), "
                    + "EVENT_BUS_SETTINGS_FILE."})
final class SchemaCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    @Parameters(paramLabel = "EVENT_TYPE", arity = "0..*", description = "Event types or upstream constant names.")
    List<String> eventTypes = new ArrayList<>();

    @Option(names = "--dir", description = "Write <event type with '.' as '+'>_schema.avsc files into this folder.")
    Path dir;

    @Option(names = "--asyncapi", description = "Print an AsyncAPI 3.0 document (JSON) of the events named, or of "
            + "every event, on the topics EVENT_BUS_PRODUCER_CONFIG gives them.")
    boolean asyncApi;

    @Option(names = "--producer-config", description = "With --asyncapi: the topics and events of "
            + "EVENT_BUS_PRODUCER_CONFIG.")
    boolean producerConfig;

    @Option(names = "--consumer-config", description = "With --asyncapi: the topics of EVENT_BUS_CONSUMER_CONFIG.")
    boolean consumerConfig;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public boolean readsSettings() {
        return asyncApi;
    }

    @Override
    public Integer call() throws Exception {
        if ((producerConfig || consumerConfig) && !asyncApi) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--producer-config and --consumer-config go "
                    + "with --asyncapi");
        }
        if ((producerConfig ? 1 : 0) + (consumerConfig ? 1 : 0) + (eventTypes.isEmpty() ? 0 : 1) > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give at most one of --producer-config, "
                    + "--consumer-config, EVENT_TYPE...");
        }
        if (asyncApi && dir != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dir does not go with --asyncapi");
        }
        List<OpenEdxPublicSignal> signals = new ArrayList<>();
        eventTypes.forEach(name -> signals.add(CliSupport.signal(name)));
        if (asyncApi) {
            Settings settings = parent.settings();
            OpsSupport.printJson(spec.commandLine().getOut(), producerConfig ? AsyncApiDocument.ofProducerConfig(settings)
                    : consumerConfig ? AsyncApiDocument.ofConsumerConfig(settings)
                    : AsyncApiDocument.ofEvents(settings, signals));
            return 0;
        }
        if (eventTypes.isEmpty()) {
            SignalRegistry.all().stream().filter(OpenEdxPublicSignal::serializable).forEach(signals::add);
        }
        AvroEventSerializer serializer = AvroEventSerializer.defaults();
        PrintWriter out = spec.commandLine().getOut();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        for (OpenEdxPublicSignal signal : signals) {
            if (dir == null) {
                out.println(serializer.schemaString(signal));
                continue;
            }
            Path file = dir.resolve(signal.eventType().replace('.', '+') + "_schema.avsc");
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"));
            Files.writeString(file, CliSupport.JSON.writer(pretty).writeValueAsString(serializer.schemaMap(signal))
                    .replace("\" : ", "\": "));
            out.println(file);
        }
        out.flush();
        return 0;
    }
}
