package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What every command shares: help with examples, the version, completion, log options. */
class CommandLineTest {

    /** Every command and subcommand, as the words that call it. */
    private static List<List<String>> commands(CommandLine commandLine, List<String> path) {
        List<List<String>> all = new ArrayList<>();
        all.add(path);
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                all.addAll(commands(sub, longer));
            }
        });
        return all;
    }

    @Test
    void everyCommandsHelpHasAnExampleAndTheLogOptions() {
        List<List<String>> commands = commands(OpenEdxEventsCommand.commandLine(), List.of());
        assertThat(commands).hasSizeGreaterThanOrEqualTo(11);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).containsPattern("Examples?:\\n  openedx-events ")
                    .contains("Environment:").contains("--verbose").contains("--log-level=LEVEL");
        }
    }

    @Test
    void theCommandsThatUseABackendNameTheVariablesThatChooseIt() {
        for (String command : List.of("produce", "consume", "demo", "settings")) {
            assertThat(CliRun.of(command, "--help").out()).as(command).contains("EVENT_BUS_");
        }
        assertThat(CliRun.of("--help").out()).contains("EVENT_BUS_PRODUCER and EVENT_BUS_CONSUMER choose the backend");
    }

    @Test
    void versionNamesTheLibraryTheUpstreamVersionAndJava() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("openedx-events \\S+ \\(Open edX events 11\\.2\\.0, Java "
                + Runtime.version().feature());
    }

    @Test
    void completionIsGeneratedForEveryCommand() {
        CliRun run = CliRun.of("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F _complete_openedx-events")
                .contains("produce").contains("consume").contains("--log-level");
    }

    @Test
    void anUnknownLogLevelIsAUsageErrorListingTheLevels() {
        CliRun run = CliRun.of("events", "--log-level", "loud");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--log-level").contains("TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        assertThat(CliRun.of("--log-level", "warn", "events", "-v").exitCode()).isZero();
    }
}
