package org.openedx.events.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.StoredMessage;
import org.openedx.events.ops.BusOperations;
import org.openedx.events.ops.DeadLetterSelection;
import org.openedx.events.ops.Redriven;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The dead letters of a topic: list, show, send back, remove. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "The messages consumers gave up on, on <topic>-dead-letter: list them with why they failed, "
                + "show one, send them back to their topic, or remove them.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Show.class,
            DeadLettersCommand.Redrive.class, DeadLettersCommand.Purge.class},
        footer = {"", "Examples:",
            "  openedx-events dead-letters list --topic user-login",
            "  openedx-events dead-letters redrive --topic user-login --all --dry-run",
            "", OpsSupport.ENVIRONMENT})
final class DeadLettersCommand implements Runnable {

    private static final String EXIT = "Exit status: 1 when the topic does not exist or an event id has no dead "
            + "letter; then nothing changes.";

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Which dead letters a change takes. */
    static final class Which {
        @Option(names = "--all", description = "Every dead letter of the topic.")
        boolean all;

        @Option(names = "--event-id", arity = "1..*", description = "The dead letters of these event ids.")
        List<String> eventIds = new ArrayList<>();
    }

    /** The options every subcommand has. */
    abstract static class Base implements OpenEdxEventsCommand.ReadsSettings {
        @Option(names = {"-t", "--topic"}, required = true, description = "The topic (without the prefix) whose "
                + "dead letters to take, or its dead-letter topic.")
        String topic;

        @ParentCommand
        DeadLettersCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        BusOperations operations() {
            return OpsSupport.operations(parent.parent);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List dead letters, oldest first: event type and id, original position, group, attempts, "
                    + "error and time.",
            footer = {"", "Examples:", "  openedx-events dead-letters list --topic user-login",
                "  openedx-events dead-letters list --topic user-login --limit 10 --json", "",
                OpsSupport.ENVIRONMENT, EXIT})
    static final class ListLetters extends Base implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print a JSON array of {position, event_type, event_id, "
                + "original_topic, original_position, group, consumer, attempts, error: {type, message}, time}.")
        boolean json;

        @Override
        public Integer call() {
            List<StoredMessage> letters;
            try (BusOperations operations = operations()) {
                letters = operations.deadLetters(topic, limit);
            }
            if (json) {
                OpsSupport.printJson(out(), letters.stream().map(OpsSupport::letter).toList());
                return 0;
            }
            if (letters.isEmpty()) {
                out().println("No dead letters of '" + topic + "'.");
            }
            for (StoredMessage letter : letters) {
                Map<String, Object> row = OpsSupport.letter(letter);
                Map<?, ?> error = (Map<?, ?>) row.get("error");
                out().printf("%s  %s  %s%n  from %s at %s, group %s, %s attempt(s), at %s%n  %s: %s%n",
                        row.get("position"), TopicsCommand.dash(row.get("event_id")),
                        TopicsCommand.dash(row.get("event_type")), TopicsCommand.dash(row.get("original_topic")),
                        TopicsCommand.dash(row.get("original_position")), TopicsCommand.dash(row.get("group")),
                        TopicsCommand.dash(row.get("attempts")), row.get("time"), TopicsCommand.dash(error.get("type")),
                        TopicsCommand.dash(error.get("message")));
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the dead letters of an event id as JSON, with the decoded event data, or the raw "
                    + "bytes (base64) when they do not decode.",
            footer = {"", "Example:", "  openedx-events dead-letters show --topic user-login --event-id "
                    + "5e3b9d2e-8a1f-11ee-b9d1-0242ac120002", "", OpsSupport.ENVIRONMENT, EXIT})
    static final class Show extends Base implements Callable<Integer> {
        @Option(names = "--event-id", required = true, description = "The event id (the metadata's id).")
        String eventId;

        @Override
        public Integer call() {
            List<Map<String, Object>> shown = new ArrayList<>();
            try (BusOperations operations = operations()) {
                for (StoredMessage letter : operations.deadLetter(topic, eventId)) {
                    Map<String, Object> json = new LinkedHashMap<>(OpsSupport.letter(letter));
                    if (letter.decoded() instanceof DecodeResult.Decoded decoded) {
                        AvroEventSerializer avro = AvroEventSerializer.defaults();
                        json.put("metadata", decoded.metadata().toJsonMap());
                        json.put("data", avro.deserializeGeneric(decoded.signal(),
                                avro.serialize(decoded.signal(), decoded.data())));
                    } else {
                        RuntimeException why = letter.decoded() instanceof DecodeResult.Undecodable failed
                                ? failed.error() : ((DecodeResult.NotYetDecodable) letter.decoded()).error();
                        json.put("decode_error", String.valueOf(why.getMessage()));
                        json.put("raw_base64", Base64.getEncoder().encodeToString(letter.value()));
                    }
                    shown.add(json);
                }
            }
            OpsSupport.printJson(out(), shown.size() == 1 ? shown.get(0) : shown);
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Send dead letters back to their original topic unchanged (same bytes, metadata and event "
                    + "id); each is removed only once its send is confirmed, so a crash midway gives at most a "
                    + "duplicate, never a loss.",
            footer = {"", "Examples:", "  openedx-events dead-letters redrive --topic user-login --all --dry-run",
                "  openedx-events dead-letters redrive --topic user-login --event-id 5e3b9d2e-8a1f-11ee-b9d1-0242ac120002",
                "", OpsSupport.ENVIRONMENT, EXIT})
    static final class Redrive extends Base implements Callable<Integer> {
        @CommandLine.Mixin
        Which which;

        @Option(names = "--dry-run", description = "Only say what would be sent back.")
        boolean dryRun;

        @Option(names = "--json", description = "Print a JSON array of {event_id, event_type, from_position, "
                + "to_topic, to_position}; to_position is null on a dry run.")
        boolean json;

        @Override
        public Integer call() {
            DeadLetterSelection selection = OpsSupport.selection(spec.commandLine(), which.all, which.eventIds, null);
            List<Redriven> moved;
            try (BusOperations operations = operations()) {
                moved = operations.redrive(topic, selection, dryRun);
            }
            if (json) {
                OpsSupport.printJson(out(), moved.stream().map(Redrive::row).toList());
                return 0;
            }
            for (Redriven redriven : moved) {
                out().println((dryRun ? "Would send back " : "Sent back ") + redriven.letter().eventId() + " ("
                        + redriven.letter().eventType() + ") from " + redriven.letter().position() + " to "
                        + redriven.fullTopic() + (dryRun ? "" : " at " + redriven.newPosition()));
            }
            out().println((dryRun ? "Would send back " : "Sent back ") + moved.size() + " dead letter(s) of '" + topic
                    + "'" + (dryRun ? " (dry run: nothing changed)." : "."));
            out().flush();
            return 0;
        }

        private static Map<String, Object> row(Redriven redriven) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event_id", redriven.letter().eventId());
            row.put("event_type", redriven.letter().eventType());
            row.put("from_position", redriven.letter().position());
            row.put("to_topic", redriven.fullTopic());
            row.put("to_position", redriven.newPosition());
            return row;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Remove dead letters; without --yes, only say what would be removed.",
            footer = {"", "Examples:", "  openedx-events dead-letters purge --topic user-login --older-than 7d",
                "  openedx-events dead-letters purge --topic user-login --all --yes", "", OpsSupport.ENVIRONMENT, EXIT})
    static final class Purge extends Base implements Callable<Integer> {
        @CommandLine.Mixin
        Which which;

        @Option(names = "--older-than", paramLabel = "DURATION", description = "Those dead-lettered longer ago than "
                + "this: 30s, 15m, 12h, 7d or ISO-8601 (PT1H).")
        String olderThan;

        @Option(names = "--yes", description = "Remove them (else only say which would go).")
        boolean yes;

        @Override
        public Integer call() {
            DeadLetterSelection selection = OpsSupport.selection(spec.commandLine(), which.all, which.eventIds,
                    olderThan);
            List<StoredMessage> removed;
            try (BusOperations operations = operations()) {
                removed = operations.purge(topic, selection, !yes);
            }
            for (StoredMessage letter : removed) {
                out().println((yes ? "Removed " : "Would remove ") + letter.eventId() + " (" + letter.eventType()
                        + ") at " + letter.position());
            }
            out().println((yes ? "Removed " : "Would remove ") + removed.size() + " dead letter(s) of '" + topic + "'"
                    + (yes ? "." : "; add --yes to remove them."));
            out().flush();
            return 0;
        }
    }
}
