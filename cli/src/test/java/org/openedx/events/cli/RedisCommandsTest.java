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
     * The idle timeout counts from the moment the consumer runs: a Redis that comes up late does
     * not end the run before the events it then holds are consumed.
     */
    @Test
    void theIdleTimeoutStartsOnceTheConsumerHasReachedRedis() throws Exception {
        try (RedisServer late = RedisServer.start(Files.createDirectories(dir.resolve("late")))) {
            late.stop();
            Path settings = settings(late.url());
            cli = new CliProcesses(dir, settings);
            Process consumer = cli.start("late.out", "consume", "-t", "logins", "-g", "g", "--idle-timeout", "1");
            await().atMost(Duration.ofSeconds(30)).until(() -> cli.log("late.out")
                    .split("Error consuming event", -1).length > 2);
            assertThat(consumer.isAlive()).as("still waiting for Redis after two failed attempts").isTrue();

            late.restart();
            late.awaitReady(Duration.ofSeconds(30));
            for (int id : new int[] {1, 2, 3}) {
                CliRun produced = CliRun.of("--settings", settings.toString(), "produce", "-s",
                        "SESSION_LOGIN_COMPLETED", "-t", "logins", "-d",
                        ProduceConsumeCommandTest.USER.replace("123", Integer.toString(id)));
                assertThat(produced.exitCode()).as(produced.err()).isZero();
            }

            CliProcesses.awaitExit(consumer, 0);
            assertThat(cli.ids("late.out")).hasSize(3);
        }
    }
}
