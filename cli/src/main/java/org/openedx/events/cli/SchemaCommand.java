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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints schema strings, or writes one {@code .avsc} file per event (upstream {@code generate_avro_schemas}). */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the Avro schema string of events (all that can go on the bus when none is named), "
                + "or write one .avsc file per event with --dir.",
        footer = {"", "Examples:",
            "  openedx-events schema SESSION_LOGIN_COMPLETED",
            "  openedx-events schema --dir schemas/",
            "", "Environment: none; this command works on the event catalog alone and reads no settings."})
final class SchemaCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EVENT_TYPE", arity = "0..*", description = "Event types or upstream constant names.")
    List<String> eventTypes = new ArrayList<>();

    @Option(names = "--dir", description = "Write <event type with '.' as '+'>_schema.avsc files into this folder.")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<OpenEdxPublicSignal> signals = new ArrayList<>();
        if (eventTypes.isEmpty()) {
            SignalRegistry.all().stream().filter(OpenEdxPublicSignal::serializable).forEach(signals::add);
        } else {
            eventTypes.forEach(name -> signals.add(CliSupport.signal(name)));
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
