package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.redis.testing.RedisServices;

/** Consumers killed with SIGKILL mid-stream and producers that exit without closing, in JVMs of their own. */
@ExtendWith(RedisServices.class)
@Tag("integration")
class RedisProcessTest {

    private static final int EVENTS = 3000;

    private final RedisTestSupport redis = new RedisTestSupport();
    private Process child;

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (child != null && child.isAlive()) {
            ChildProcesses.kill(child);
        }
        redis.close();
    }

    private List<Long> handled(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(Long::parseLong).toList();
    }

    @Test
    void aConsumerKilledMidStreamAndRestartedLosesNoEvent() throws Exception {
        Map<String, Object> settings = redis.values("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 100);
        redis.produce(redis.settings(), 0, EVENTS);
        Path ids = dir.resolve("ids.txt");
        Files.createFile(ids);

        child = ChildProcesses.start(ChildProcesses.Consume.class, settings, dir.resolve("c1.log"), ids.toString(), "c1");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled(ids).size() > 700);
        ChildProcesses.kill(child);
        int beforeFirstKill = handled(ids).size();
        assertThat(redis.pending("grp")).isPositive();

        // Same name: its own pending entries come first.
        child = ChildProcesses.start(ChildProcesses.Consume.class, settings, dir.resolve("c1b.log"), ids.toString(),
                "c1");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled(ids).size() > beforeFirstKill + 700);
        ChildProcesses.kill(child);

        // Another name: the dead consumer's entries are claimed once idle long enough.
        redis.awaitIdle("grp", 600);
        child = ChildProcesses.start(ChildProcesses.Consume.class, settings, dir.resolve("c2.log"), ids.toString(),
                "c2", "500");
        await().atMost(Duration.ofSeconds(90)).until(() -> new TreeSet<>(handled(ids)).size() == EVENTS);
        await().until(() -> redis.pending("grp") == 0);

        Set<Long> all = new TreeSet<>(handled(ids));
        assertThat(all).containsExactlyElementsOf(LongStream.range(0, EVENTS).boxed().toList());
        assertThat(handled(ids).size()).isLessThan(EVENTS + 500);
    }

    @Test
    void aProducerThatExitsWithoutClosingIsFlushedByItsShutdownHook() throws Exception {
        child = ChildProcesses.start(ChildProcesses.ProduceAndExit.class, redis.values(), dir.resolve("p.log"),
                "5000");
        assertThat(child.waitFor()).isZero();
        assertThat(redis.redis().xlen(RedisTestSupport.bytes(redis.stream))).isEqualTo(5000);
    }
}
