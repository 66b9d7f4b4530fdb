package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code EVENT_BUS_CONSUMER_CONFIG} on the real Redis at 127.0.0.1:6379: one worker process
 * consumes two topics as two groups, is stopped with SIGTERM mid-stream and restarted.
 */
class RedisWorkerProcessTest {

    private static final int EVENTS = 20_000;
    private static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";

    @TempDir
    Path dir;
    private final String prefix = "worker-test-" + UUID.randomUUID();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    private Process cli(Path settings, String output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--settings", settings.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve(output).toFile())
                .redirectError(dir.resolve(output + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private long lines(String output) throws IOException {
        Path file = dir.resolve(output);
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
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

    private static void awaitExit(Process process) throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void oneWorkerConsumesBothTopicsOncePerGroupAcrossSigtermAndRestart() throws Exception {
        Path settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_PRODUCER: redis\nEVENT_BUS_CONSUMER: redis\n"
                + "EVENT_BUS_REDIS_CONNECTION_URL: redis://127.0.0.1:6379/0\n"
                + "EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED: false\n"
                // Long enough to keep what is produced while the worker is down (MAXLEN trims the rest).
                + "EVENT_BUS_REDIS_STREAM_MAX_LEN: 100000\n"
                + "EVENT_BUS_TOPIC_PREFIX: " + prefix + "\n"
                + "EVENT_BUS_CONSUMER_CONFIG:\n"
                + "  logins: {group_id: worker-logins, enabled: true, extra: {consumer_name: worker-1}}\n"
                + "  audit: {group_id: worker-audit, enabled: true, extra: {consumer_name: worker-1}}\n");
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            events.append("{\"event_type\": \"").append(LOGIN).append("\", \"data\": ")
                    .append(ProduceConsumeCommandTest.USER.replace("123", Integer.toString(i))).append("}\n");
        }
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, events);

        Process first = cli(settings, "w1.out", "consume");
        Process logins = cli(settings, "p1.out", "produce", "-t", "logins", "--file", file.toString());
        Process audit = cli(settings, "p2.out", "produce", "-t", "audit", "--file", file.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> lines("w1.out") >= 1000);
        first.destroy();
        awaitExit(first);
        awaitExit(logins);
        awaitExit(audit);
        Process second = cli(settings, "w2.out", "consume", "--idle-timeout", "3");
        awaitExit(second);

        List<String> ids = ids("w1.out", "w2.out");
        assertThat(ids).hasSize(2 * EVENTS).doesNotHaveDuplicates();
        assertThat(ids("w1.out")).hasSizeLessThan(2 * EVENTS);
    }
}
