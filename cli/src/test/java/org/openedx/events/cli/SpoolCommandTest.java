package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventData;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.settings.Settings;

/**
 * {@code openedx-events spool} on a spool file of its own, filled by a spooling Redis producer
 * whose Redis cannot be reached (port 1): the events stay in the file, none parked, until the
 * test parks the first one of a topic as the forwarder would.
 */
class SpoolCommandTest {

    @TempDir
    Path dir;
    private Path spool;

    /** Two events of dev-logins (the first parked after 10 refusals) and one of dev-courses, waiting. */
    @BeforeEach
    void spoolThreeEventsAndParkTheFirst() throws Exception {
        spool = dir.resolve("spool.db");
        Map<String, Object> settings = Map.of("EVENT_BUS_PRODUCER", "redis",
                "EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1", "EVENT_BUS_TOPIC_PREFIX", "dev",
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 1, "EVENT_BUS_PRODUCER_MODE", "spool",
                "EVENT_BUS_SPOOL_PATH", spool.toString(), "EVENT_BUS_EMBEDDED_PATH", dir.resolve("bus.db").toString());
        try (EventBusProducer producer = EventBusBackends.producer(Settings.of(settings))) {
            for (String topic : List.of("logins", "logins", "courses")) {
                producer.send(login(topic));
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).as("durable in the spool").isTrue();
        }
        execute("INSERT INTO spool_failures (position, topic, attempts, last_error, failed_ms, parked) "
                + "SELECT min(position), topic, 10, 'refused', 0, 1 FROM messages WHERE topic = 'dev-logins'");
    }

    private static OutgoingEvent login(String topic) {
        return new OutgoingEvent(LearningSignals.SESSION_LOGIN_COMPLETED, topic, "user.pii.username",
                EventData.of("user", new UserData(7L, true, new UserPersonalData("learner", "l@example.com", "L"))),
                LearningSignals.SESSION_LOGIN_COMPLETED.generateSignalMetadata(null));
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + spool);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String settingsFile() throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_SPOOL_PATH: " + spool + "\n");
        return file.toString();
    }

    @Test
    void statusShowsEventsAndParkedEventsPerTopic() throws Exception {
        CliRun run = CliRun.of("--settings", settingsFile(), "spool", "status");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("dev-courses\\s+1\\s+0\\s+[0-9.]+ s")
                .containsPattern("dev-logins\\s+2\\s+1\\s+[0-9.]+ s")
                .contains("2 topic(s), 3 event(s) waiting, 1 parked");
    }

    @Test
    void listShowsParkedEventsWithTheirErrorAndWaitingOnesWhenAsked() {
        CliRun parked = CliRun.of("spool", "list", "--json", "--path", spool.toString());

        assertThat(parked.exitCode()).as(parked.err()).isZero();
        assertThat(parked.out()).contains("\"last_error\" : \"refused\"").contains("\"attempts\" : 10")
                .contains("\"topic\" : \"dev-logins\"").contains("\"event_type\" : \""
                        + LearningSignals.SESSION_LOGIN_COMPLETED.eventType() + "\"").doesNotContain("dev-courses");

        CliRun all = CliRun.of("spool", "--path", spool.toString(), "list", "--waiting");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines().filter(line -> line.contains("dev-")).toList()).hasSize(3);
    }

    @Test
    void retryAndPurgeNeedEventsNamedAndTouchOnlyParkedEvents() throws Exception {
        String file = settingsFile();
        CliRun unnamed = CliRun.of("--settings", file, "spool", "purge");
        assertThat(unnamed.exitCode()).isEqualTo(2);
        assertThat(unnamed.err()).contains("Name the parked events: IDs, --topic TOPIC or --all");

        CliRun notParked = CliRun.of("--settings", file, "spool", "purge", "--topic", "dev-courses");
        assertThat(notParked.out()).contains("0 parked event(s) removed");

        CliRun retried = CliRun.of("--settings", file, "spool", "retry", "--topic", "dev-logins");
        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("1 parked event(s) will be tried again");
        assertThat(CliRun.of("--settings", file, "spool", "status").out()).contains("3 event(s) waiting, 0 parked");
    }

    @Test
    void purgeRemovesTheParkedEventFromTheFile() throws Exception {
        String file = settingsFile();
        CliRun purged = CliRun.of("--settings", file, "spool", "purge", "--all");

        assertThat(purged.exitCode()).as(purged.err()).isZero();
        assertThat(purged.out()).contains("1 parked event(s) removed");
        assertThat(CliRun.of("--settings", file, "spool", "status").out())
                .containsPattern("dev-logins\\s+1\\s+0").contains("2 event(s) waiting, 0 parked");
    }

    @Test
    void aMissingSpoolFileIsNamedWithItsSetting() {
        CliRun run = CliRun.of("spool", "status", "--path", dir.resolve("none.db").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("There is no spool at " + dir.resolve("none.db") + " (EVENT_BUS_SPOOL_PATH)");
        assertThat(Files.exists(dir.resolve("none.db"))).as("a status creates no file").isFalse();
    }
}
