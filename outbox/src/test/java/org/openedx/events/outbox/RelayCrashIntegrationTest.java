package org.openedx.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.EventBus;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.redis.testing.RedisServices;
import org.openedx.events.settings.Settings;

/**
 * The relay in a child process, killed with SIGKILL ({@link Process#destroyForcibly()}) at random
 * points while it publishes, 20 times over 50,000 events, then left to finish: nothing is lost
 * and nothing is reordered within the topic; what it published twice (a batch confirmed but not
 * yet deleted when it died) is counted and reported.
 */
@Tag("integration")
@ExtendWith(RedisServices.class)
class RelayCrashIntegrationTest {

    private static final int EVENTS = 50_000;
    private static final int PER_TRANSACTION = 100;
    private static final int KILLS = 20;
    private static final int BATCH_SIZE = 100;

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.postgres("outbox_crash");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aRelayKilledTwentyTimesLosesAndReordersNothing() throws Exception {
        String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        Settings settings = OutboxTestSupport.settings(RedisServices.url(), prefix, List.of("logins"));
        JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
        List<String> committed = new ArrayList<>();
        EventReceiver recorder = OutboxIntegrationTest.recordIds(committed);
        try (EventBus bus = EventBus.builder().settings(settings).transactions(transactions)
                .outbox(JdbcOutbox.create(transactions)).start()) {
            for (int first = 1; first <= EVENTS; first += PER_TRANSACTION) {
                long from = first;
                transactions.inTransaction(connection -> {
                    OutboxIntegrationTest.sendLogins(from, PER_TRANSACTION);
                    return null;
                });
            }
        } finally {
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(recorder);
        }
        assertThat(database.outboxRows(prefix)).isEqualTo(EVENTS);

        Random random = new Random();
        int killedWhileRelaying = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            Process relay = startRelay(prefix, kill);
            long before = database.outboxRows(prefix);
            await().atMost(Duration.ofSeconds(60)).until(() -> database.outboxRows(prefix) < before);
            // A random point of the relay's work: between two batches, or while one is in flight.
            Thread.sleep(random.nextInt(150));
            boolean relaying = database.outboxRows(prefix) > 0;
            relay.destroyForcibly().waitFor();
            killedWhileRelaying += relaying ? 1 : 0;
        }
        long leftAfterKills = database.outboxRows(prefix);
        Process last = startRelay(prefix, KILLS + 1);
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> database.outboxRows(prefix) == 0);
        } finally {
            last.destroyForcibly().waitFor();
        }

        List<String> received = OutboxTestSupport.eventIds(RedisServices.url(), prefix + "-logins");
        OutboxTestSupport.Delivery delivery = OutboxTestSupport.Delivery.of(committed, received);
        System.out.printf("Relay crash test: %d events, %d kills (%d while rows waited), %d rows left after the "
                        + "kills, %d entries received, %d duplicates, %d missing, %d reordered%n", EVENTS, KILLS,
                killedWhileRelaying, leftAfterKills, received.size(), delivery.duplicates(), delivery.missing(),
                delivery.reordered());
        assertThat(killedWhileRelaying).as("kills that hit a relay with work left").isEqualTo(KILLS);
        assertThat(delivery.missing()).isZero();
        assertThat(delivery.reordered()).isZero();
        assertThat(delivery.unexpected()).isZero();
        assertThat(delivery.duplicates()).as("at most the batch in flight at each kill").isLessThanOrEqualTo(
                KILLS * BATCH_SIZE);
    }

    private static Process startRelay(String prefix, int run) throws IOException {
        Path log = Path.of("target", "relay-crash-" + run + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RelayProcess.class.getName(), database.url(),
                database.user(), RedisServices.url(), prefix)
                .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"relaying".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("The relay process did not start (" + line + "); see " + log
                    + File.separator);
        }
        return process;
    }
}
