package org.openedx.events.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openedx.events.ops.BusOperations;
import org.openedx.events.ops.TopicSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists the topics on the bus with their size and their dead letters. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "List the topics on the bus (of EVENT_BUS_TOPIC_PREFIX) with the messages each holds, its "
                + "first and last position, and its dead letters.",
        footer = {"", "Examples:",
            "  openedx-events topics",
            "  EVENT_BUS_CONSUMER=redis openedx-events topics --json",
            "", OpsSupport.ENVIRONMENT})
final class TopicsCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    @Option(names = "--json", description = "Print a JSON array of {topic, full_topic, messages, first_position, "
            + "last_position, dead_letters}.")
    boolean json;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<TopicSummary> topics;
        try (BusOperations operations = OpsSupport.operations(parent)) {
            topics = operations.topics();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            OpsSupport.printJson(out, topics.stream().map(TopicsCommand::row).toList());
            return 0;
        }
        if (topics.isEmpty()) {
            out.println("No topics on the bus.");
        } else {
            out.printf("%-40s %10s  %-20s %-20s %12s%n", "TOPIC", "MESSAGES", "FIRST", "LAST", "DEAD LETTERS");
            for (TopicSummary topic : topics) {
                out.printf("%-40s %10d  %-20s %-20s %12d%n", topic.topic(), topic.messages(),
                        dash(topic.firstPosition()), dash(topic.lastPosition()), topic.deadLetters());
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> row(TopicSummary topic) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("topic", topic.topic());
        row.put("full_topic", topic.fullTopic());
        row.put("messages", topic.messages());
        row.put("first_position", topic.firstPosition());
        row.put("last_position", topic.lastPosition());
        row.put("dead_letters", topic.deadLetters());
        return row;
    }

    static String dash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
