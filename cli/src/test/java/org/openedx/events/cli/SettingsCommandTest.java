package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsCommandTest {

    @Test
    void showsValuesWithTheirSourceAndMasksPasswords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_TOPIC_PREFIX: dev\nEVENT_BUS_PRODUCER: redis://u:hunter2@localhost:6379\n");

        CliRun run = CliRun.of("--settings", file.toString(), "settings");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("EVENT_BUS_TOPIC_PREFIX\\s+= dev\\s+\\[settings file\\]");
        assertThat(run.out()).containsPattern("DEBUG\\s+= false\\s+\\[default\\]");
        assertThat(run.out()).contains("redis://u:****@localhost:6379").doesNotContain("hunter2");
    }

    @Test
    void aMissingSettingsFileIsAOneLineErrorAndANonZeroExit(@TempDir Path dir) {
        CliRun run = CliRun.of("--settings", dir.resolve("nope.yml").toString(), "settings");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("openedx-events: error: Invalid setting EVENT_BUS_SETTINGS_FILE")
                .contains("nope.yml").doesNotContain("\n");
    }

    @Test
    void aMisspeltNameInTheFileIsWarnedAboutWithTheClosestKnownName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_TOPIC_PREFIXX: dev\nEVENT_BUS_NOT_A_THING: 1\nDJANGO_DEBUG: true\n");

        CliRun run = CliRun.of("--settings", file.toString(), "settings");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines()).containsExactly(
                "openedx-events: warning: unknown setting 'EVENT_BUS_TOPIC_PREFIXX'; did you mean "
                        + "'EVENT_BUS_TOPIC_PREFIX'? in " + file,
                "openedx-events: warning: unknown setting 'EVENT_BUS_NOT_A_THING' in " + file);
    }

    @Test
    void aYamlSyntaxErrorNamesTheLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_TOPIC_PREFIX: dev\nEVENT_BUS_PRODUCER: [redis\n");

        CliRun run = CliRun.of("--settings", file.toString(), "settings");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).endsWith("is not valid YAML or JSON at line 3, column 1: expected ',' or ']', "
                + "but got <stream end> (while parsing a flow sequence at line 2, column 21)").doesNotContain("\n");
    }

    @Test
    void commandsThatReadNoSettingsRejectTheOption(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_TOPIC_PREFIX: dev\n");
        for (String[] command : new String[][] {{"events"}, {"schema", "SESSION_LOGIN_COMPLETED"},
            {"avro", "decode", "-e", "SESSION_LOGIN_COMPLETED", "AA=="}}) {
            String[] before = new String[command.length + 2];
            before[0] = "--settings";
            before[1] = file.toString();
            System.arraycopy(command, 0, before, 2, command.length);
            String[] after = java.util.Arrays.copyOf(command, command.length + 2);
            after[command.length] = "--settings";
            after[command.length + 1] = file.toString();
            for (String[] args : List.of(before, after)) {
                CliRun run = CliRun.of(args);
                assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
                assertThat(run.err()).contains("reads no settings, so --settings has no effect on it");
                assertThat(run.out()).isEmpty();
            }
        }
        assertThat(CliRun.of("--settings", file.toString(), "events", "--help").exitCode()).isZero();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CliRun run = CliRun.of("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("frobnicate");
    }
}
