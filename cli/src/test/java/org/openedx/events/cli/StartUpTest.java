package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line builds only the subcommands a run needs, and prints the same as with all of them. */
class StartUpTest {

    @Test
    void onlyTheSubcommandNamedIsBuilt() {
        assertThat(OpenEdxEventsCommand.needed("--version")).isEmpty();
        assertThat(OpenEdxEventsCommand.needed("-V")).isEmpty();
        assertThat(OpenEdxEventsCommand.needed("events")).containsExactly(EventsCommand.class);
        assertThat(OpenEdxEventsCommand.needed("events", "--json")).containsExactly(EventsCommand.class);
        assertThat(OpenEdxEventsCommand.needed("--settings", "s.yml", "settings")).containsExactly(SettingsCommand.class);
        assertThat(OpenEdxEventsCommand.needed("--settings=s.yml", "avro", "encode")).containsExactly(AvroCommand.class);
        assertThat(OpenEdxEventsCommand.needed("-v", "--log-level", "warn", "--log-level=info", "--verbose", "events"))
                .containsExactly(EventsCommand.class);
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"-h", "events"},
                new String[] {"--version", "events"}, new String[] {"evnets"}, new String[] {"--settings"},
                new String[] {"generate-completion"})) {
            assertThat(OpenEdxEventsCommand.needed(args)).as(String.join(" ", args))
                    .isEqualTo(OpenEdxEventsCommand.SUBCOMMANDS);
        }
    }

    @Test
    void whatIsPrintedIsTheSameAsWithEverySubcommand() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"--version"},
                new String[] {"events", "--help"}, new String[] {"events", "--bogus"}, new String[] {"evnets"},
                new String[] {"avro"}, new String[] {"--settings", "missing.yml", "settings", "--help"},
                new String[] {"events", "--log-level", "warn"}, new String[] {"generate-completion"})) {
            assertThat(run(OpenEdxEventsCommand.commandLine(args), args)).as(String.join(" ", args))
                    .isEqualTo(run(OpenEdxEventsCommand.commandLine(), args));
        }
        assertThat(run(OpenEdxEventsCommand.commandLine("--help"), "--help"))
                .contains("events", "settings", "produce", "consume", "demo", "schema", "avro");
    }

    private static String run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return exitCode + "\n" + out + "\n" + err;
    }
}
