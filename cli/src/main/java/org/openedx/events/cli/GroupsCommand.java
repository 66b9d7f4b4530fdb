package org.openedx.events.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openedx.events.bus.spi.GroupInfo;
import org.openedx.events.ops.BusOperations;
import org.openedx.events.ops.TopicSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists consumer groups with their position and lag. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "List the consumer groups of a topic (of every topic without --topic) with their committed "
                + "position, the events not yet handled (lag), pending entries where the backend has them, and the "
                + "consumers seen.",
        footer = {"", "Examples:",
            "  openedx-events groups",
            "  openedx-events groups --topic user-login --json",
            "", OpsSupport.ENVIRONMENT,
            "Exit status: 1 when the topic does not exist."})
final class GroupsCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    @Option(names = {"-t", "--topic"}, description = "Topic, without the prefix.")
    String topic;

    @Option(names = "--json", description = "Print a JSON array of {topic, group, position, lag, pending, consumers, "
            + "note}; lag and pending are null where the backend cannot tell.")
    boolean json;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BusOperations operations = OpsSupport.operations(parent)) {
            List<String> topics = topic != null ? List.of(topic)
                    : operations.topics().stream()
                    .filter(summary -> summary.messages() > 0 || summary.deadLetters() == 0)
                    .map(TopicSummary::topic).toList();
            for (String name : topics) {
                for (GroupInfo group : operations.groups(name)) {
                    rows.add(row(name, group));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            OpsSupport.printJson(out, rows);
            return 0;
        }
        if (rows.isEmpty()) {
            out.println(topic == null ? "No consumer groups on the bus."
                    : "Topic '" + topic + "' has no consumer groups.");
        } else {
            out.printf("%-30s %-30s %-20s %8s %8s  %s%n", "TOPIC", "GROUP", "POSITION", "LAG", "PENDING", "CONSUMERS");
            for (Map<String, Object> row : rows) {
                out.printf("%-30s %-30s %-20s %8s %8s  %s%n", row.get("topic"), row.get("group"),
                        TopicsCommand.dash(row.get("position")), TopicsCommand.dash(row.get("lag")),
                        TopicsCommand.dash(row.get("pending")), String.join(", ", castList(row.get("consumers"))));
                if (row.get("note") != null) {
                    out.println("  note: " + row.get("note"));
                }
            }
        }
        out.flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    private static Map<String, Object> row(String topic, GroupInfo group) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("topic", topic);
        row.put("group", group.group());
        row.put("position", group.position());
        row.put("lag", group.lag().isPresent() ? group.lag().getAsLong() : null);
        row.put("pending", group.pending().isPresent() ? group.pending().getAsLong() : null);
        row.put("consumers", group.consumers());
        row.put("note", group.note());
        return row;
    }
}
