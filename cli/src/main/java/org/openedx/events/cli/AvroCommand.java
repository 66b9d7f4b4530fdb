package org.openedx.events.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.avro.SchemaCompatibilityReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The tools an operator reaches for when a message will not decode. */
@Command(name = "avro", mixinStandardHelpOptions = true, description = "Encode, decode and check Avro event data.",
        subcommands = {AvroCommand.Encode.class, AvroCommand.Decode.class, AvroCommand.Check.class},
        footer = {"", "Examples:",
            "  openedx-events avro encode -e SESSION_LOGIN_COMPLETED -d @login.json",
            "  openedx-events avro decode -e SESSION_LOGIN_COMPLETED AAD2AQE...",
            "  openedx-events avro check -e SESSION_LOGIN_COMPLETED stored/login_schema.avsc",
            "", "Environment: none; this command works on the event catalog alone and reads no settings."})
final class AvroCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Print the Avro bytes of event data (JSON) as base64.",
            footer = {"", "Example:", "  openedx-events avro encode -e SESSION_LOGIN_COMPLETED "
                    + "-d '{\"user\": {\"id\": 7, \"is_active\": true, \"pii\": null}}'", "", "Environment: none; this command works on the event catalog alone and reads no settings."})
    static final class Encode implements Callable<Integer> {
        @Option(names = {"-e", "--event-type"}, required = true, description = "Event type or upstream constant name.")
        String eventType;

        @Option(names = {"-d", "--data"}, required = true, description = "The event data as JSON; @FILE reads it from a "
                + "file, - from stdin.")
        String data;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            OpenEdxPublicSignal signal = CliSupport.signal(eventType);
            byte[] bytes = AvroEventSerializer.defaults().serializeGeneric(signal,
                    CliSupport.jsonObject(CliSupport.read(data, "--data"), "--data"));
            spec.commandLine().getOut().println(Base64.getEncoder().encodeToString(bytes));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Print Avro bytes (base64) of an event's data as JSON; bytes left after the data are an "
                    + "error.",
            footer = {"", "Example:", "  openedx-events avro decode -e SESSION_LOGIN_COMPLETED @message.b64", "", "Environment: none; this command works on the event catalog alone and reads no settings."})
    static final class Decode implements Callable<Integer> {
        @Option(names = {"-e", "--event-type"}, required = true, description = "Event type or upstream constant name.")
        String eventType;

        @Parameters(paramLabel = "BASE64", description = "The Avro bytes, base64-encoded; @FILE reads them from a file, "
                + "- from stdin.")
        String base64;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OpenEdxPublicSignal signal = CliSupport.signal(eventType);
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(CliSupport.read(base64, "BASE64").strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The bytes to decode are not base64: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(CliSupport.JSON.writeValueAsString(AvroEventSerializer.defaults().deserializeGeneric(signal, bytes)));
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that an event's current schema and a stored .avsc schema can each read data written "
                    + "with the other (run before upgrading one side). Exit status 1 when they cannot.",
            footer = {"", "Example:", "  openedx-events avro check -e SESSION_LOGIN_COMPLETED "
                    + "schemas/org+openedx+learning+auth+session+login+completed+v1_schema.avsc", "", "Environment: none; this command works on the event catalog alone and reads no settings."})
    static final class Check implements Callable<Integer> {
        @Option(names = {"-e", "--event-type"}, required = true, description = "Event type or upstream constant name.")
        String eventType;

        @Parameters(paramLabel = "AVSC", description = "The stored schema file.")
        Path avsc;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OpenEdxPublicSignal signal = CliSupport.signal(eventType);
            SchemaCompatibilityReport report = AvroEventSerializer.defaults().checkCompatibility(signal,
                    CliSupport.readFile(avsc));
            PrintWriter out = spec.commandLine().getOut();
            if (report.compatible()) {
                out.println(signal.eventType() + ": compatible with " + avsc + " in both directions");
                out.flush();
                return 0;
            }
            out.println(signal.eventType() + ": NOT compatible with " + avsc + ":");
            report.problems().forEach(problem -> out.println("  - " + problem));
            out.flush();
            return 1;
        }
    }
}
