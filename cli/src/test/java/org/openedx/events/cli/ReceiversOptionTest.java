package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiversOptionTest {

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        TestReceiverPlugin.USERNAMES.clear();
    }

    private Path pluginJar() throws IOException {
        return CliProcesses.pluginJar(dir);
    }

    private CliRun cli(Path settings, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--settings";
        all[1] = settings.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    private Path settings(String more) throws IOException {
        Path settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\n" + more);
        return settings;
    }

    private void produceUser(Path settings, int id) {
        CliRun run = cli(settings, "produce", "-s", "SESSION_LOGIN_COMPLETED", "-t", "logins", "-d",
                ProduceConsumeCommandTest.USER.replace("123", Integer.toString(id)).replace("foobob", "user" + id));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void receiversFromAJarHandleTheConsumedEvents() throws Exception {
        Path settings = settings("");
        produceUser(settings, 1);
        produceUser(settings, 2);

        CliRun run = cli(settings, "consume", "-t", "logins", "-g", "team", "--receivers", pluginJar().toString(),
                "--max-events", "2", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(TestReceiverPlugin.USERNAMES).containsExactly("user1", "user2");
    }

    @Test
    void aFailingEventIsPrintedOnceWhenItIsGivenUpOnSoThatTheOutputRoundTrips() throws Exception {
        Path settings = settings("EVENT_BUS_CONSUMER_MAX_RETRIES: 2\nEVENT_BUS_CONSUMER_RETRY_DELAY: 0.01\n");
        produceUser(settings, 666);
        produceUser(settings, 1);

        CliRun run = cli(settings, "consume", "-t", "logins", "-g", "team", "--receivers", pluginJar().toString(),
                "--max-events", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"id\":666");
        assertThat(lines.get(1)).contains("\"id\":1,");
        Path file = dir.resolve("out.jsonl");
        Files.writeString(file, run.out());
        CliRun again = cli(settings, "produce", "-t", "replayed", "--file", file.toString());
        assertThat(again.err()).contains("sent 2 event(s)");
    }

    @Test
    void aFolderWithoutPluginsIsAnError() {
        CliRun run = CliRun.of("consume", "-t", "logins", "-g", "team", "--receivers", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has no ReceiverPlugin service");
    }

    @Test
    void theErrorLimitEndsTheCommandWithANonZeroStatusNamingTopicAndGroup() throws Exception {
        Path settings = settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT: 2\n");
        produceUser(settings, 666);
        produceUser(settings, 666);
        produceUser(settings, 3);

        CliRun run = cli(settings, "consume", "-t", "logins", "-g", "strict", "--receivers", pluginJar().toString(),
                "--quiet");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("topic 'logins', group 'strict'").contains("Too many consecutive errors (2)");
        assertThat(TestReceiverPlugin.USERNAMES).isEmpty();
    }
}
