package org.openedx.events.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A command on parked entries (the outbox's rows, the spool's events), which the user names by
 * id, topic or {@code --all}: a command that removes events must never apply to all of them by default.
 *
 * @param <P> the parent command, which opens the store
 */
abstract class ParkedCommand<P> implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The parked ones of this topic (as on the bus).")
    String topic;

    @Option(names = "--all", description = "Every parked one.")
    boolean all;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids, as 'list' shows them.")
    List<Long> ids = new ArrayList<>();

    @ParentCommand
    P parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the entries are called: {@code row}, {@code event}. */
    abstract String noun();

    /** Applies the command to the entries named; how many there were. */
    abstract int apply(P parent);

    /** What was done to the entries, after their count. */
    abstract String outcome();

    @Override
    public Integer call() {
        if (topic == null && ids.isEmpty() && !all) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Name the parked " + noun() + "s: IDs, --topic TOPIC or --all");
        }
        spec.commandLine().getOut().printf("%d parked %s(s) %s%n", apply(parent), noun(), outcome());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
