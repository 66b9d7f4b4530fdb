package org.openedx.events.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.embedded.SpoolAdmin;
import org.openedx.events.embedded.SpoolEvent;
import org.openedx.events.embedded.SpoolTopicStatus;
import org.openedx.events.settings.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What waits in a producer's spool ({@code EVENT_BUS_PRODUCER_MODE=spool}), and the handling of parked events. */
@Command(name = "spool", mixinStandardHelpOptions = true,
        description = "Show what waits in a producer's spool file; retry or purge parked events.",
        subcommands = {SpoolCommand.Status.class, SpoolCommand.ListEvents.class, SpoolCommand.Retry.class,
            SpoolCommand.Purge.class},
        footer = {"", "Examples:",
            "  openedx-events spool status",
            "  openedx-events spool list --path /var/lib/lms/spool.db",
            "  openedx-events spool retry --topic dev-user-login",
            "  openedx-events spool purge 1234",
            "", SpoolCommand.ENVIRONMENT})
final class SpoolCommand implements Runnable, OpenEdxEventsCommand.ReadsSettings {

    static final String ENVIRONMENT = "Environment: EVENT_BUS_SPOOL_PATH (unset: spool.db beside the embedded bus's "
            + "file, EVENT_BUS_EMBEDDED_PATH); EVENT_BUS_SETTINGS_FILE.";

    @Option(names = "--path", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "The spool's SQLite file (instead of EVENT_BUS_SPOOL_PATH).")
    Path path;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Does {@code work} with the spool of the settings (or {@code --path}), closing it after. */
    <T> T withAdmin(Function<SpoolAdmin, T> work) {
        Settings settings = parent.settings();
        if (path != null) {
            settings = settings.toBuilder().put(EmbeddedSettings.EVENT_BUS_SPOOL_PATH.name(), path.toString()).build();
        }
        try (SpoolAdmin admin = SpoolAdmin.fromSettings(settings)) {
            return work.apply(admin);
        }
    }

    /** Events waiting per topic. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Events waiting per topic: how many, how many parked, the oldest's age.",
            footer = {"", "Example:", "  openedx-events spool status --json", "", SpoolCommand.ENVIRONMENT})
    static final class Status implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {
        @Option(names = "--json", description = "Print a JSON array of {topic, events, parked, oldest_age_seconds}.")
        boolean json;

        @ParentCommand
        SpoolCommand spool;

        @Override
        public Integer call() {
            List<SpoolTopicStatus> topics = spool.withAdmin(SpoolAdmin::status);
            PrintWriter out = spool.spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SpoolTopicStatus topic : topics) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", topic.topic());
                row.put("events", topic.events());
                row.put("parked", topic.parked());
                row.put("oldest_age_seconds", topic.oldestAge().toMillis() / 1000.0);
                rows.add(row);
            }
            int width = OpsSupport.topicWidth(topics.stream().map(SpoolTopicStatus::topic).toList());
            OpsSupport.printRows(out, json, rows, "%-" + width + "s  %10s  %7s  %12s%n", OpsSupport.columns(
                    "TOPIC", "topic", "EVENTS", "events", "PARKED", "parked", "OLDEST", "oldest_age_seconds"));
            if (!json) {
                out.printf("%d topic(s), %d event(s) waiting, %d parked%n", topics.size(),
                        topics.stream().mapToLong(SpoolTopicStatus::events).sum(),
                        topics.stream().mapToLong(SpoolTopicStatus::parked).sum());
                out.flush();
            }
            return 0;
        }
    }

    /** Parked events (and, when asked, the waiting ones) in order. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List parked events in order, oldest first; with --waiting, the events waiting too.",
            footer = {"", "Example:", "  openedx-events spool list --topic dev-user-login --json", "",
                SpoolCommand.ENVIRONMENT})
    static final class ListEvents implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {
        @Option(names = "--topic", paramLabel = "TOPIC", description = "Only this topic's events (as on the bus, prefix included).")
        String topic;

        @Option(names = "--waiting", description = "The events waiting to be forwarded too, not only the parked ones.")
        boolean waiting;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many events (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print a JSON array of the events.")
        boolean json;

        @ParentCommand
        SpoolCommand spool;

        @Override
        public Integer call() {
            List<SpoolEvent> events = spool.withAdmin(admin -> admin.list(topic, !waiting, limit));
            List<Map<String, Object>> shown = new ArrayList<>();
            for (SpoolEvent event : events) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("id", event.position());
                fields.put("topic", event.topic());
                fields.put("event_type", event.eventType());
                fields.put("event_id", event.eventId());
                fields.put("stored", event.stored().toString());
                fields.put("attempts", event.attempts());
                fields.put("last_error", event.lastError());
                fields.put("parked", event.parked());
                shown.add(fields);
            }
            OpsSupport.printRows(spool.spec.commandLine().getOut(), json, shown,
                    "%-10s  %-30s  %-36s  %-50s  %8s  %-6s  %s%n", OpsSupport.columns("ID", "id", "TOPIC", "topic",
                            "EVENT ID", "event_id", "EVENT TYPE", "event_type", "ATTEMPTS", "attempts",
                            "PARKED", "parked", "LAST ERROR", "last_error"));
            return 0;
        }
    }

    /** A command on parked events. */
    abstract static class ParkedEventsCommand extends ParkedCommand<SpoolCommand> {
        @Override
        String noun() {
            return "event";
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Unpark parked events (their attempts reset): the running forwarder sends their topics on "
                    + "within a second.",
            footer = {"", "Example:", "  openedx-events spool retry --topic dev-user-login", "", SpoolCommand.ENVIRONMENT})
    static final class Retry extends ParkedEventsCommand {
        @Override
        int apply(SpoolCommand spool) {
            return spool.withAdmin(admin -> admin.retry(topic, ids));
        }

        @Override
        String outcome() {
            return "will be tried again";
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Remove parked events from the spool: they are never sent.",
            footer = {"", "Example:", "  openedx-events spool purge 1234 1235", "", SpoolCommand.ENVIRONMENT})
    static final class Purge extends ParkedEventsCommand {
        @Override
        int apply(SpoolCommand spool) {
            return spool.withAdmin(admin -> admin.purge(topic, ids));
        }

        @Override
        String outcome() {
            return "removed";
        }
    }
}
