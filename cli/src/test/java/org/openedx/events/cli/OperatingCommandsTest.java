package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventReceiver;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;

/** The operating commands on the embedded bus, run in-process: the whole dead-letter round. */
class OperatingCommandsTest {

    private static final String USER = ProduceConsumeCommandTest.USER;

    @TempDir
    Path dir;
    Path settings;
    private final AtomicBoolean broken = new AtomicBoolean(true);
    private final EventReceiver refusing = event -> {
        if (broken.get() && event.data("user", UserData.class).id() == 777) {
            throw new IllegalStateException("user 777 is refused here");
        }
    };

    @BeforeEach
    void settingsFile() throws Exception {
        settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\nEVENT_BUS_TOPIC_PREFIX: dev\n"
                + "EVENT_BUS_CONSUMER_MAX_RETRIES: 1\nEVENT_BUS_CONSUMER_RETRY_DELAY: 0.01\n");
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(refusing);
    }

    @AfterEach
    void disconnect() {
        LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(refusing);
    }

    private CliRun cli(String... args) {
        return CliRun.withSettings(settings, args);
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    private void produce(long userId) {
        CliRun produced = cli("produce", "-s", "SESSION_LOGIN_COMPLETED", "-t", "user-login", "-d",
                USER.replace("123", Long.toString(userId)));
        assertThat(produced.exitCode()).as(produced.err()).isZero();
    }

    @Test
    void failedEventsAreListedShownRedrivenAndHandledUntilNothingLags() throws Exception {
        produce(1);
        produce(777);
        produce(3);
        assertThat(cli("consume", "-t", "user-login", "-g", "svc", "--max-events", "3", "--quiet").exitCode()).isZero();

        JsonNode topics = json(cli("topics", "--json"));
        assertThat(topics).hasSize(1);
        assertThat(topics.get(0).get("topic").asText()).isEqualTo("user-login");
        assertThat(topics.get(0).get("full_topic").asText()).isEqualTo("dev-user-login");
        assertThat(topics.get(0).get("messages").asLong()).isEqualTo(3);
        assertThat(topics.get(0).get("dead_letters").asLong()).isEqualTo(1);

        JsonNode letters = json(cli("dead-letters", "list", "--topic", "user-login", "--json"));
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.get("event_type").asText()).isEqualTo(ProduceConsumeCommandTest.LOGIN);
        assertThat(letter.get("original_position").asText()).isEqualTo("2");
        assertThat(letter.get("group").asText()).isEqualTo("svc");
        assertThat(letter.get("attempts").asInt()).isEqualTo(2);
        assertThat(letter.get("error").get("type").asText()).endsWith("ReceiverFailedException");
        assertThat(letter.get("error").get("message").asText()).contains("user 777 is refused here");
        assertThat(Instant.parse(letter.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        String eventId = letter.get("event_id").asText();

        JsonNode shown = json(cli("dead-letters", "show", "--topic", "user-login", "--event-id", eventId));
        assertThat(shown.get("data").get("user").get("id").asLong()).isEqualTo(777);
        assertThat(shown.get("metadata").get("id").asText()).isEqualTo(eventId);

        CliRun dryRun = cli("dead-letters", "redrive", "--topic", "user-login", "--all", "--dry-run");
        assertThat(dryRun.out()).contains("Would send back " + eventId).contains("dry run: nothing changed");
        assertThat(json(cli("dead-letters", "list", "--topic", "user-login", "--json"))).hasSize(1);

        broken.set(false);
        CliRun redriven = cli("dead-letters", "redrive", "--topic", "user-login", "--event-id", eventId);
        assertThat(redriven.exitCode()).as(redriven.err()).isZero();
        assertThat(redriven.out()).contains("Sent back " + eventId + " (" + ProduceConsumeCommandTest.LOGIN
                + ") from 4 to dev-user-login at 5");
        CliRun handled = cli("consume", "-t", "user-login", "-g", "svc", "--max-events", "1");
        assertThat(handled.out()).contains(eventId);

        JsonNode groups = json(cli("groups", "--json"));
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("group").asText()).isEqualTo("svc");
        assertThat(groups.get(0).get("lag").asLong()).isZero();
        // Positions of the embedded bus count across topics: the dead letter took 4.
        assertThat(groups.get(0).get("position").asText()).isEqualTo("5");
        assertThat(json(cli("dead-letters", "list", "--topic", "user-login", "--json"))).isEmpty();

        JsonNode replayed = json(cli("replay", "--topic", "user-login", "--group", "svc", "--from-position", "2",
                "--json"));
        assertThat(replayed.get("old_position").asText()).isEqualTo("5");
        assertThat(replayed.get("new_position").asText()).isEqualTo("1");
        assertThat(replayed.get("to_handle").asLong()).isEqualTo(3);
        CliRun toEnd = cli("replay", "--topic", "user-login", "--group", "svc", "--to-end");
        assertThat(toEnd.out()).isEqualTo("Moved group 'svc' of 'user-login' from 1 to 5: 0 event(s) to handle."
                + System.lineSeparator());
    }

    @Test
    void badInputIsOneLineNamingItAndChangesNothing() throws Exception {
        produce(777);
        assertThat(cli("consume", "-t", "user-login", "-g", "svc", "--max-events", "1", "--quiet").exitCode()).isZero();

        assertOneLineError(cli("groups", "--topic", "nope"), "No topic 'nope' on the bus (as 'dev-nope')");
        assertOneLineError(cli("dead-letters", "list", "--topic", "nope"), "No topic 'nope'");
        assertOneLineError(cli("dead-letters", "redrive", "--topic", "user-login", "--event-id", "missing-id"),
                "No dead letter of event id missing-id");
        assertOneLineError(cli("replay", "--topic", "user-login", "--group", "nobody", "--to-end"),
                "Topic 'user-login' has no consumer group 'nobody' (it has svc)");
        assertOneLineError(cli("replay", "--topic", "user-login", "--group", "svc", "--from-position", "9"),
                "Position 9 is out of range: topic 'dev-user-login' holds 1 to 1");
        assertOneLineError(cli("replay", "--topic", "user-login", "--group", "svc", "--from-time",
                Instant.now().plusSeconds(3600).toString()), "is in the future");
        CliRun neither = cli("dead-letters", "redrive", "--topic", "user-login");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("Give exactly one of --all, --event-id");

        CliRun wouldPurge = cli("dead-letters", "purge", "--topic", "user-login", "--older-than", "0s");
        assertThat(wouldPurge.out()).contains("Would remove 1 dead letter(s) of 'user-login'; add --yes");
        JsonNode groups = json(cli("groups", "--topic", "user-login", "--json"));
        assertThat(groups.get(0).get("position").asText()).isEqualTo("1");
        assertThat(json(cli("dead-letters", "list", "--topic", "user-login", "--json"))).hasSize(1);

        assertThat(cli("dead-letters", "purge", "--topic", "user-login", "--all", "--yes").out())
                .contains("Removed 1 dead letter(s)");
        assertThat(json(cli("dead-letters", "list", "--topic", "user-login", "--json"))).isEmpty();
    }

    @Test
    void consumingADeadLetterTopicPrintsWhyAndNeverDeadLettersAgain() throws Exception {
        produce(777);
        assertThat(cli("consume", "-t", "user-login", "-g", "svc", "--max-events", "1", "--quiet").exitCode()).isZero();

        CliRun letters = cli("consume", "-t", "user-login-dead-letter", "-g", "reader", "--max-events", "1");
        assertThat(letters.exitCode()).as(letters.err()).isZero();
        JsonNode line = new ObjectMapper().readTree(letters.out());
        assertThat(line.get("data").get("user").get("id").asLong()).isEqualTo(777);
        JsonNode letter = line.get("dead_letter");
        assertThat(letter.get("error_type").asText()).endsWith("ReceiverFailedException");
        assertThat(letter.get("error").asText()).contains("user 777 is refused here");
        assertThat(letter.get("attempts").asText()).isEqualTo("2");
        assertThat(letter.get("original_topic").asText()).isEqualTo("dev-user-login");
        assertThat(letter.get("consumer_group").asText()).isEqualTo("svc");
        // The receiver still refuses it there: it stays where it is, with no dead-letter topic of its own.
        JsonNode topics = json(cli("topics", "--json"));
        assertThat(topics).singleElement().satisfies(topic -> assertThat(topic.get("dead_letters").asLong()).isEqualTo(1));
    }

    private static void assertOneLineError(CliRun run, String expected) {
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.err().lines().filter(line -> line.startsWith("openedx-events: error:")))
                .singleElement().asString().contains(expected);
    }
}
