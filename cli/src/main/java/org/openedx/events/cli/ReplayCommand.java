package org.openedx.events.cli;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openedx.events.bus.spi.GroupMove;
import org.openedx.events.bus.spi.GroupTarget;
import org.openedx.events.ops.BusOperations;
import org.openedx.events.wire.IsoDateTimes;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Moves a consumer group's position: back to replay, or to the end to skip. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Move a consumer group of a topic to a time, a position or the end; prints the old and new "
                + "position and how many events that makes to handle. Stop the group's consumers first: the embedded "
                + "bus and Kafka refuse to move a group whose consumers run; Redis moves it, and its consumers read "
                + "from the new position at their next read (their pending entries stay pending).",
        footer = {"", "Examples:",
            "  openedx-events replay --topic user-login --group my-service --from-time 2024-05-01T00:00:00Z",
            "  openedx-events replay --topic user-login --group my-service --from-position 1714521600000-0",
            "  openedx-events replay --topic user-login --group my-service --to-end",
            "", OpsSupport.ENVIRONMENT,
            "Exit status: 1 when the topic or group does not exist, the position is out of range or the time in the "
                    + "future; then nothing changes."})
final class ReplayCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    @Option(names = {"-t", "--topic"}, required = true, description = "Topic, without the prefix.")
    String topic;

    @Option(names = {"-g", "--group"}, required = true, description = "Consumer group.")
    String group;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--from-time", paramLabel = "ISO", description = "The first event stored at or after this "
                + "time (ISO-8601 with an offset, e.g. 2024-05-01T00:00:00Z).")
        String fromTime;

        @Option(names = "--from-position", paramLabel = "P", description = "The event at this position: a stream "
                + "entry id (Redis), partition:offset or an offset for every partition (Kafka), a position (embedded).")
        String fromPosition;

        @Option(names = "--to-end", description = "After the newest event: skip what the group has not handled.")
        boolean toEnd;
    }

    @Option(names = "--json", description = "Print {topic, group, old_position, new_position, to_handle}.")
    boolean json;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GroupTarget to = target.toEnd ? new GroupTarget.ToEnd()
                : target.fromPosition != null ? new GroupTarget.FromPosition(target.fromPosition)
                : new GroupTarget.FromTime(time(target.fromTime));
        GroupMove move;
        try (BusOperations operations = OpsSupport.operations(parent)) {
            move = operations.replay(topic, group, to);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("topic", topic);
            row.put("group", group);
            row.put("old_position", move.oldPosition());
            row.put("new_position", move.newPosition());
            row.put("to_handle", move.toHandle());
            OpsSupport.printJson(out, row);
            return 0;
        }
        out.println("Moved group '" + group + "' of '" + topic + "' from " + TopicsCommand.dash(move.oldPosition())
                + " to " + move.newPosition() + ": " + move.toHandle() + " event(s) to handle.");
        out.flush();
        return 0;
    }

    private Instant time(String text) {
        try {
            return IsoDateTimes.parseAware(text.trim()).toInstant();
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from-time must be an ISO-8601 time with "
                    + "an offset (e.g. 2024-05-01T00:00:00Z), found " + CliSupport.quote(text));
        }
    }
}
