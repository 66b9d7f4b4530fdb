package org.openedx.events.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openedx.events.outbox.OutboxAdmin;
import org.openedx.events.outbox.OutboxRow;
import org.openedx.events.outbox.OutboxTopicStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What waits in the transactional outbox, and the handling of parked rows. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "Show what waits in the transactional outbox; retry or purge parked rows.",
        subcommands = {OutboxCommand.Status.class, OutboxCommand.ListRows.class, OutboxCommand.Retry.class,
            OutboxCommand.Purge.class},
        footer = {"", "Examples:",
            "  openedx-events outbox status",
            "  openedx-events outbox list --parked",
            "  openedx-events outbox retry --topic dev-user-login",
            "  openedx-events outbox purge 1234",
            "", OutboxCommand.ENVIRONMENT})
final class OutboxCommand implements Runnable, OpenEdxEventsCommand.ReadsSettings {

    static final String ENVIRONMENT = "Environment: EVENT_BUS_OUTBOX_DATABASE_URL (a JDBC URL), "
            + "EVENT_BUS_OUTBOX_DATABASE_USER, EVENT_BUS_OUTBOX_DATABASE_PASSWORD; EVENT_BUS_SETTINGS_FILE.";

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    OutboxAdmin admin() {
        return OutboxAdmin.fromSettings(parent.settings());
    }

    /** Rows waiting per topic: what metrics show, as a table. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Rows waiting per topic: how many, how many parked, the oldest's age, the most attempts.",
            footer = {"", "Example:", "  openedx-events outbox status --json", "", OutboxCommand.ENVIRONMENT})
    static final class Status implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {
        @Option(names = "--json", description = "Print a JSON array of {topic, rows, parked, oldest_age_seconds, max_attempts}.")
        boolean json;

        @ParentCommand
        OutboxCommand outbox;

        @Override
        public Integer call() {
            List<OutboxTopicStatus> topics = outbox.admin().status();
            PrintWriter out = outbox.spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (OutboxTopicStatus topic : topics) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", topic.fullTopic());
                row.put("rows", topic.rows());
                row.put("parked", topic.parked());
                row.put("oldest_age_seconds", topic.oldestAge().toMillis() / 1000.0);
                row.put("max_attempts", topic.maxAttempts());
                rows.add(row);
            }
            int width = OpsSupport.topicWidth(topics.stream().map(OutboxTopicStatus::fullTopic).toList());
            OpsSupport.printRows(out, json, rows, "%-" + width + "s  %10s  %7s  %12s  %12s%n", OpsSupport.columns(
                    "TOPIC", "topic", "ROWS", "rows", "PARKED", "parked", "OLDEST", "oldest_age_seconds",
                    "MAX ATTEMPTS", "max_attempts"));
            if (!json) {
                out.printf("%d topic(s), %d row(s) waiting, %d parked%n", topics.size(),
                        topics.stream().mapToLong(OutboxTopicStatus::rows).sum(),
                        topics.stream().mapToLong(OutboxTopicStatus::parked).sum());
                out.flush();
            }
            return 0;
        }
    }

    /** Rows in order. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rows in order, oldest first.",
            footer = {"", "Example:", "  openedx-events outbox list --parked --topic dev-user-login", "", OutboxCommand.ENVIRONMENT})
    static final class ListRows implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {
        @Option(names = "--topic", paramLabel = "TOPIC", description = "Only this topic's rows (as on the bus, prefix included).")
        String topic;

        @Option(names = "--parked", description = "Only parked rows.")
        boolean parked;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print a JSON array of the rows.")
        boolean json;

        @ParentCommand
        OutboxCommand outbox;

        @Override
        public Integer call() {
            List<OutboxRow> rows = outbox.admin().list(topic, parked, limit);
            List<Map<String, Object>> shown = new ArrayList<>();
            for (OutboxRow row : rows) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("id", row.id());
                fields.put("topic", row.fullTopic());
                fields.put("event_type", row.eventType());
                fields.put("event_id", row.eventId());
                fields.put("key", row.key());
                fields.put("created", row.created().toString());
                fields.put("attempts", row.attempts());
                fields.put("last_error", row.lastError());
                fields.put("parked", row.parked());
                shown.add(fields);
            }
            OpsSupport.printRows(outbox.spec.commandLine().getOut(), json, shown,
                    "%-10s  %-30s  %-36s  %-24s  %8s  %-6s  %s%n", OpsSupport.columns("ID", "id", "TOPIC", "topic",
                            "EVENT ID", "event_id", "CREATED", "created", "ATTEMPTS", "attempts", "PARKED", "parked",
                            "LAST ERROR", "last_error"));
            return 0;
        }
    }

    /** A command on parked rows. */
    abstract static class ParkedRowsCommand extends ParkedCommand<OutboxCommand> {
        @Override
        String noun() {
            return "row";
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Unpark parked rows (their attempts reset), so that their topic's relay goes on.",
            footer = {"", "Example:", "  openedx-events outbox retry --topic dev-user-login", "", OutboxCommand.ENVIRONMENT})
    static final class Retry extends ParkedRowsCommand {
        @Override
        int apply(OutboxCommand outbox) {
            return outbox.admin().retry(topic, ids);
        }

        @Override
        String outcome() {
            return "will be tried again";
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Remove parked rows: their events are never published.",
            footer = {"", "Example:", "  openedx-events outbox purge 1234 1235", "", OutboxCommand.ENVIRONMENT})
    static final class Purge extends ParkedRowsCommand {
        @Override
        int apply(OutboxCommand outbox) {
            return outbox.admin().purge(topic, ids);
        }

        @Override
        String outcome() {
            return "removed";
        }
    }
}
