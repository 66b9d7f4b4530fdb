package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in separate processes sharing one embedded store, as users run it. */
class ProcessesTest {

    private static final int EVENTS = 20_000;

    @TempDir
    Path dir;
    private Path settings;
    private Path events;
    private CliProcesses cli;

    @BeforeEach
    void prepare() throws IOException {
        settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\n");
        events = CliProcesses.loginEvents(dir, EVENTS);
        cli = new CliProcesses(dir, settings);
    }

    @AfterEach
    void killLeftovers() {
        cli.close();
    }

    private Process cli(String output, String... args) throws IOException {
        return cli.start(output, args);
    }

    private long lineCount(String output) throws IOException {
        return cli.lineCount(output);
    }

    private List<String> ids(String... outputs) throws IOException {
        return cli.ids(outputs);
    }

    private static void awaitExit(Process process, int status) throws InterruptedException {
        CliProcesses.awaitExit(process, status);
    }

    @Test
    void aConsumerKilledMidStreamLosesNothingAfterItsRestartAndAnotherGroupSeesEverythingOnce() throws Exception {
        Process producer = cli("produce.out", "produce", "-t", "logins", "--file", events.toString());
        Process groupA = cli("a1.out", "consume", "-t", "logins", "-g", "a", "--extra", "{\"consumer_name\": \"a\"}");
        Process groupB = cli("b.out", "consume", "-t", "logins", "-g", "b", "--idle-timeout", "5");

        await().atMost(Duration.ofSeconds(60)).until(() -> lineCount("a1.out") >= 2000);
        groupA.destroyForcibly().waitFor();
        long beforeKill = lineCount("a1.out");
        awaitExit(producer, 0);
        Process restarted = cli("a2.out", "consume", "-t", "logins", "-g", "a", "--idle-timeout", "3", "--extra",
                "{\"consumer_name\": \"a\"}");
        awaitExit(restarted, 0);
        awaitExit(groupB, 0);

        List<String> b = ids("b.out");
        assertThat(b).hasSize(EVENTS).doesNotHaveDuplicates();
        List<String> a = ids("a1.out", "a2.out");
        assertThat(new HashSet<>(a)).isEqualTo(new HashSet<>(b));
        assertThat(beforeKill).isLessThan(EVENTS);
        // Handled twice: what the killed consumer handled since its last commit, that is the batch in
        // hand (at most 500) and the batches of the last 50 ms commit interval (a few on a fast run).
        assertThat(a.size() - EVENTS).as("events handled twice: those since the last commit")
                .isLessThanOrEqualTo(EVENTS / 10);
    }

    @Test
    void sigtermFinishesTheEventInHandCommitsAndExitsZero() throws Exception {
        awaitExit(cli("produce.out", "produce", "-t", "logins", "--file", events.toString()), 0);
        Process first = cli("c1.out", "consume", "-t", "logins", "-g", "c");
        await().atMost(Duration.ofSeconds(60)).until(() -> lineCount("c1.out") >= 1000);
        first.destroy();
        awaitExit(first, 0);
        Process second = cli("c2.out", "consume", "-t", "logins", "-g", "c", "--idle-timeout", "2");
        awaitExit(second, 0);

        List<String> ids = ids("c1.out", "c2.out");
        assertThat(ids).hasSize(EVENTS).doesNotHaveDuplicates();
        Set<String> firstRun = new HashSet<>(ids("c1.out"));
        assertThat(firstRun).isNotEmpty().hasSizeLessThan(EVENTS);
    }

    @Test
    void oneWorkerConsumesEveryConfiguredTopicOncePerGroupAcrossSigtermAndRestart() throws Exception {
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\n"
                + "EVENT_BUS_CONSUMER_CONFIG:\n"
                + "  logins: {group_id: worker-logins, enabled: true}\n"
                + "  audit: {group_id: worker-audit, enabled: true}\n");
        Process logins = cli("p1.out", "produce", "-t", "logins", "--file", events.toString());
        Process audit = cli("p2.out", "produce", "-t", "audit", "--file", events.toString());
        Process first = cli("w1.out", "consume");
        await().atMost(Duration.ofSeconds(60)).until(() -> lineCount("w1.out") >= 3000);
        first.destroy();
        awaitExit(first, 0);
        awaitExit(logins, 0);
        awaitExit(audit, 0);
        Process second = cli("w2.out", "consume", "--idle-timeout", "3");
        awaitExit(second, 0);

        List<String> ids = ids("w1.out", "w2.out");
        assertThat(ids).hasSize(2 * EVENTS).doesNotHaveDuplicates();
        assertThat(ids("w1.out")).hasSizeLessThan(2 * EVENTS);
    }
}
