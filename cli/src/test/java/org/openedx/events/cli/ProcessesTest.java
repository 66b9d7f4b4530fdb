package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void prepare() throws IOException {
        settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\n");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            lines.append("{\"event_type\": \"org.openedx.learning.auth.session.login.completed.v1\", \"data\": ")
                    .append(ProduceConsumeCommandTest.USER.replace("123", Integer.toString(i))).append("}\n");
        }
        events = dir.resolve("events.jsonl");
        Files.writeString(events, lines);
    }

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process cli(String output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--settings", settings.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve(output).toFile())
                .redirectError(dir.resolve(output + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private long lineCount(String output) throws IOException {
        Path file = dir.resolve(output);
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private List<String> ids(String... outputs) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        for (String output : outputs) {
            for (String line : Files.readAllLines(dir.resolve(output))) {
                if (line.endsWith("}")) {
                    ids.add(json.readTree(line).get("metadata").get("id").asText());
                }
            }
        }
        return ids;
    }

    private static void awaitExit(Process process, int status) throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(status);
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
        assertThat(a.size() - EVENTS).as("events handled twice: at most the batch in hand and the one before it")
                .isLessThanOrEqualTo(1000);
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
