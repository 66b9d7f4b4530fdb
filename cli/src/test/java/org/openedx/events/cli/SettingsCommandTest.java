package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void anUnknownCommandIsAUsageError() {
        CliRun run = CliRun.of("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("frobnicate");
    }
}
