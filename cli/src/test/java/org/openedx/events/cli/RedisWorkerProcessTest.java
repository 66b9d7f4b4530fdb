package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.redis.testing.RedisServices;

/**
 * {@code EVENT_BUS_CONSUMER_CONFIG} on a real Redis (the tests' shared one, {@link RedisServices}): one worker process
 * consumes two topics as two groups, is stopped with SIGTERM mid-stream and restarted.
 */
@Tag("integration")
@ExtendWith(RedisServices.class)
class RedisWorkerProcessTest {

    private static final String REDIS = RedisServices.url();

    private static final int EVENTS = 20_000;

    @TempDir
    Path dir;
    private final String prefix = "worker-test-" + UUID.randomUUID();
    private CliProcesses cli;

    @AfterEach
    void cleanUp() {
        if (cli != null) {
            cli.close();
        }
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void oneWorkerConsumesBothTopicsOncePerGroupAcrossSigtermAndRestart() throws Exception {
        Path settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_PRODUCER: redis\nEVENT_BUS_CONSUMER: redis\n"
                + "EVENT_BUS_REDIS_CONNECTION_URL: " + REDIS + "\n"
                + "EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED: false\n"
                // Long enough to keep what is produced while the worker is down (MAXLEN trims the rest).
                + "EVENT_BUS_REDIS_STREAM_MAX_LEN: 100000\n"
                + "EVENT_BUS_TOPIC_PREFIX: " + prefix + "\n"
                + "EVENT_BUS_CONSUMER_CONFIG:\n"
                + "  logins: {group_id: worker-logins, enabled: true, extra: {consumer_name: worker-1}}\n"
                + "  audit: {group_id: worker-audit, enabled: true, extra: {consumer_name: worker-1}}\n");
        Path file = CliProcesses.loginEvents(dir, EVENTS);
        cli = new CliProcesses(dir, settings);

        Process first = cli.start("w1.out", "consume");
        Process logins = cli.start("p1.out", "produce", "-t", "logins", "--file", file.toString());
        Process audit = cli.start("p2.out", "produce", "-t", "audit", "--file", file.toString());
        // Three JVMs start at once: on a loaded 2-core machine that alone can take most of a minute.
        await().atMost(Duration.ofMinutes(3)).until(() -> cli.lineCount("w1.out") >= 1000);
        first.destroy();
        cli.awaitExit(first, "w1.out", 0);
        cli.awaitExit(logins, "p1.out", 0);
        cli.awaitExit(audit, "p2.out", 0);
        CliProcesses.awaitExit(cli.start("w2.out", "consume", "--idle-timeout", "3"), 0);

        List<String> ids = cli.ids("w1.out", "w2.out");
        assertThat(ids).hasSize(2 * EVENTS).doesNotHaveDuplicates();
        assertThat(cli.ids("w1.out")).hasSizeLessThan(2 * EVENTS);
    }
}
