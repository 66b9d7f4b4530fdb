package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.redis.testing.RedisServices;

/** Commands on a real Redis: what the newcomer found on the embedded bus holds here too. */
@Tag("integration")
@ExtendWith(RedisServices.class)
class RedisCommandsTest {

    @TempDir
    Path dir;
    private final String prefix = "cli-test-" + UUID.randomUUID();
    private CliProcesses cli;

    @AfterEach
    void stopProcesses() {
        if (cli != null) {
            cli.close();
        }
    }

    private Path settings(String url) throws Exception {
        Path settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_PRODUCER: redis\nEVENT_BUS_CONSUMER: redis\n"
                + "EVENT_BUS_REDIS_CONNECTION_URL: " + url + "\nEVENT_BUS_TOPIC_PREFIX: " + prefix + "\n");
        return settings;
    }

    @Test
    void theDemoDeletesItsConsumerGroupFromTheStream() throws Exception {
        Path settings = settings(RedisServices.url());

        CliRun demo = CliRun.of("--settings", settings.toString(), "demo", "-n", "50");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        Matcher group = Pattern.compile("group (demo-[0-9a-f-]+)").matcher(demo.err());
        assertThat(group.find()).as(demo.err()).isTrue();
        RedisClient client = RedisClient.create(RedisServices.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String stream = prefix + "-openedx-demo";
            assertThat(connection.sync().exists(stream)).isEqualTo(1);
            assertThat(connection.sync().xinfoGroups(stream)).as("the groups of the demo's stream").isEmpty();
            connection.sync().del(stream);
        } finally {
            client.shutdown();
        }
    }

    /**
     * Lettuce logs each command at DEBUG and its arguments, AUTH's password included, at TRACE:
     * quiet by default, and never below DEBUG even when every logger is asked for TRACE.
     */
    @Test
    void lettuceCommandsStayOutOfTheLogAndThePasswordWithThem() throws Exception {
        String password = "s3cret-" + UUID.randomUUID();
        try (RedisServer guarded = RedisServer.start(Files.createDirectories(dir.resolve("guarded")),
                "--requirepass", password)) {
            Path settings = settings(guarded.url().replace("redis://", "redis://:" + password + "@"));
            cli = new CliProcesses(dir, settings);
            cli.awaitExit(cli.start("default.out", "consume", "-t", "logins", "-g", "g", "--idle-timeout", "0.5"),
                    "default.out", 0);
            cli.awaitExit(cli.start("trace.out", "consume", "-t", "logins", "-g", "g", "--idle-timeout", "0.5",
                    "--log-level", "trace"), "trace.out", 0);

            assertThat(cli.log("default.out")).contains("Running consumer").doesNotContain(" DEBUG ");
            assertThat(cli.log("trace.out")).as("other loggers do trace").contains(" TRACE ")
                    .doesNotContain(password)
                    .doesNotContain("TRACE CommandHandler").doesNotContain("TRACE CommandEncoder");
        }
    }

    /**
     * The idle timeout counts from the moment the consumer runs: a Redis that comes up late does
     * not end the run before the events it then holds are consumed. The events wait in the
     * group (persisted, so they are there as soon as Redis is back) while Redis is down.
     */
    @Test
    void theIdleTimeoutStartsOnceTheConsumerHasReachedRedis() throws Exception {
        try (RedisServer late = RedisServer.start(Files.createDirectories(dir.resolve("late")), "--appendonly", "yes")) {
            Path settings = settings(late.url());
            late.command("XGROUP", "CREATE", prefix + "-logins", "g", "0", "MKSTREAM");
            CliRun produced = CliRun.of("--settings", settings.toString(), "produce", "-t", "logins", "--file",
                    CliProcesses.loginEvents(dir, 3).toString());
            assertThat(produced.exitCode()).as(produced.err()).isZero();
            late.stop();

            cli = new CliProcesses(dir, settings);
            long started = System.nanoTime();
            Process consumer = cli.start("late.out", "consume", "-t", "logins", "-g", "g", "--idle-timeout", "1");
            await().atMost(Duration.ofSeconds(60)).until(() -> cli.log("late.out")
                    .split("Error consuming event", -1).length > 2
                    && System.nanoTime() - started > Duration.ofSeconds(2).toNanos());
            assertThat(consumer.isAlive()).as("still waiting for Redis, past the idle timeout since it started").isTrue();

            late.restart();
            cli.awaitExit(consumer, "late.out", 0);
            assertThat(cli.ids("late.out")).as(cli.log("late.out")).hasSize(3);
        }
    }
}
