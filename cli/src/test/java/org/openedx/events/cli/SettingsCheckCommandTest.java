package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code settings --check}: every problem on its own line naming the setting, no secret shown, exit 1 unless all is well. */
class SettingsCheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void goodSettingsReachTheEmbeddedStoreAndExitZero() throws Exception {
        Path settings = dir.resolve("good.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\n");
        CliRun run = CliRun.of("--settings", settings.toString(), "settings", "--check");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // The embedded bus is both producer and consumer there: reached once.
        assertThat(run.out().lines().filter(line -> line.startsWith("reached: "))).containsExactly(
                "reached: embedded store " + dir.resolve("bus.db") + " (0 topics)");
        assertThat(run.out()).contains("All settings are valid and every backend was reached.");
    }

    @Test
    void everyProblemIsOneLineNamingItsSettingWithoutSecrets() throws Exception {
        Path settings = dir.resolve("bad.yml");
        Files.writeString(settings, String.join("\n",
                "EVENT_BUS_PRODUCER: embedded",
                "EVENT_BUS_CONSUMER: redis",
                "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db"),
                "EVENT_BUS_REDIS_CONNECTION_URL: redis://app:s3cret-pass@127.0.0.1:1/0",
                "EVENT_BUS_TOPIC_PREFX: prod",
                "EVENT_BUS_CONSUMER_MAX_RETRIES: many",
                "EVENT_BUS_PRODUCER_CONFIG:",
                "  org.openedx.learning.auth.session.login.completed.v1:",
                "    user-login: {event_key_field: user.pii.username, enabled: \"yes\"}",
                ""));
        CliRun run = CliRun.of("--settings", settings.toString(), "settings", "--check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines().filter(line -> line.startsWith("problem: "))).satisfiesExactlyInAnyOrder(
                line -> assertThat(line).contains("EVENT_BUS_CONSUMER_MAX_RETRIES").contains("many"),
                line -> assertThat(line).contains("EVENT_BUS_PRODUCER_CONFIG").contains("'enabled'"),
                line -> assertThat(line).contains("the redis backend").contains("127.0.0.1:1"));
        assertThat(run.out()).contains("reached: embedded store")
                .contains("warning: unknown setting 'EVENT_BUS_TOPIC_PREFX'; did you mean 'EVENT_BUS_TOPIC_PREFIX'?")
                .contains("3 problem(s), 1 warning(s).");
        assertThat(run.out() + run.err()).doesNotContain("s3cret-pass");
    }
}
