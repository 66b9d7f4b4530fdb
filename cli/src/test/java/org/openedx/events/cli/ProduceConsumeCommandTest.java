package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceConsumeCommandTest {

    static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";
    static final String USER = "{\"user\": {\"id\": 123, \"is_active\": true, "
            + "\"pii\": {\"username\": \"foobob\", \"email\": \"bob@foo.example\", \"name\": \"Bob Foo\"}}}";

    @TempDir
    Path dir;
    Path settings;

    @BeforeEach
    void settingsFile() throws Exception {
        settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\nEVENT_BUS_TOPIC_PREFIX: dev\n");
    }

    private CliRun cli(String... args) {
        return CliRun.withSettings(settings, args);
    }

    private static List<JsonNode> lines(String out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return out.lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    @Test
    void producedEventsAreConsumedAsJsonLinesWithTheGivenMetadata() throws Exception {
        CliRun produced = cli("produce", "--signal", "SESSION_LOGIN_COMPLETED", "--topic", "user-login", "--data", USER,
                "--metadata", "{\"id\": \"5e3b9d2e-8a1f-11ee-b9d1-0242ac120002\", \"time\": \"2023-01-01T14:00:00+00:00\", "
                        + "\"source\": \"openedx/lms/web\", \"sourcelib\": [11, 2, 0]}");
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(cli("produce", "-s", LOGIN, "-t", "user-login", "-d", USER).exitCode()).isZero();

        CliRun consumed = cli("consume", "-t", "user-login", "-g", "reader", "--max-events", "2");

        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        List<JsonNode> events = lines(consumed.out());
        assertThat(events).hasSize(2);
        JsonNode first = events.get(0);
        assertThat(first.get("event_type").asText()).isEqualTo(LOGIN);
        assertThat(first.get("data")).isEqualTo(new ObjectMapper().readTree(USER));
        assertThat(first.get("metadata").get("id").asText()).isEqualTo("5e3b9d2e-8a1f-11ee-b9d1-0242ac120002");
        assertThat(first.get("metadata").get("time").asText()).isEqualTo("2023-01-01T14:00:00+00:00");
        assertThat(first.get("metadata").get("source").asText()).isEqualTo("openedx/lms/web");
        assertThat(first.get("metadata").get("sourcelib").toString()).isEqualTo("[11,2,0]");
        assertThat(events.get(1).get("metadata").get("id").asText()).isNotEqualTo("5e3b9d2e-8a1f-11ee-b9d1-0242ac120002");
    }

    @Test
    void whatConsumePrintsCanBeProducedAgainFromAFile() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(cli("produce", "-s", LOGIN, "-t", "source", "-d", USER.replace("123", "" + i)).exitCode()).isZero();
        }
        CliRun consumed = cli("consume", "-t", "source", "-g", "copy", "--max-events", "3");
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, consumed.out());

        CliRun replayed = cli("produce", "-t", "copy", "--file", file.toString());
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(replayed.err()).contains("sent 3 event(s)");

        CliRun copy = cli("consume", "-t", "copy", "-g", "check", "--max-events", "3");
        assertThat(lines(copy.out())).isEqualTo(lines(consumed.out()));
    }

    @Test
    void consumeEndsAfterTheIdleTimeoutAndSaysOnceThatTheTopicDoesNotExist() {
        CliRun run = cli("consume", "-t", "empty", "-g", "g", "--idle-timeout", "0.3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().filter(line -> line.contains("does not exist"))).containsExactly(
                "openedx-events: topic 'dev-empty' does not exist on the bus yet; waiting for its first event");

        assertThat(cli("produce", "-s", LOGIN, "-t", "empty", "-d", USER).exitCode()).isZero();
        assertThat(cli("consume", "-t", "empty", "-g", "g", "--max-events", "1").err()).doesNotContain("does not exist");
    }

    @Test
    void badInputIsAOneLineErrorNamingTheProblem() throws Exception {
        CliRun unknown = cli("produce", "-s", "org.openedx.nope.v1", "-t", "t", "-d", "{}");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("org.openedx.nope.v1");

        CliRun badField = cli("produce", "-s", LOGIN, "-t", "t", "-d", "{\"user\": {\"id\": \"x\"}}");
        assertThat(badField.exitCode()).isEqualTo(1);
        assertThat(badField.err()).contains(LOGIN).contains("user.");
        assertThat(errors(badField)).hasSize(1);

        CliRun badKey = cli("produce", "-s", "org.openedx.content_authoring.xblock.published.v1", "-t", "t", "-d",
                "{\"xblock_info\": {\"usage_key\": \"not-a-key\", \"block_type\": \"problem\", \"version\": null}}");
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err()).contains("usage_key").contains("not-a-key");

        CliRun badJson = cli("produce", "-s", LOGIN, "-t", "t", "-d", "{nope");
        assertThat(badJson.exitCode()).isEqualTo(1);
        assertThat(badJson.err()).contains("--data is not valid JSON");

        CliRun badExtra = cli("consume", "-t", "t", "-g", "g", "--extra", "{\"colour\": 1}");
        assertThat(badExtra.exitCode()).isEqualTo(1);
        assertThat(badExtra.err()).contains("Invalid option 'colour' of the embedded consumer of topic 't': unknown "
                + "option; accepted: [check_backlog, consumer_name, last_read_msg_id, replay_from_time]");

        Path lines = dir.resolve("bad.jsonl");
        Files.writeString(lines, "{\"event_type\": \"" + LOGIN + "\", \"data\": " + USER + "}\n{\"data\": 1}\n");
        CliRun badLine = cli("produce", "-t", "t", "--file", lines.toString());
        assertThat(badLine.exitCode()).isEqualTo(1);
        assertThat(badLine.err()).contains("line 2").contains("nothing was sent");
        CliRun consumed = cli("consume", "-t", "t", "-g", "after-bad-line", "--idle-timeout", "0.5");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out()).as("the good line before the bad one is not sent either").isEmpty();
    }

    /** The error lines of a run, without the notes (such as the embedded file) that precede them. */
    private static List<String> errors(CliRun run) {
        return run.err().lines().filter(line -> line.startsWith("openedx-events: error:")).toList();
    }

    @Test
    void produceWithNoProducerConfiguredFailsNamingTheSettingInsteadOfReportingASend() throws Exception {
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\nEVENT_BUS_CONSUMER: embedded\n");

        CliRun run = cli("produce", "-s", LOGIN, "-t", "user-login", "-d", USER);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errors(run)).singleElement().asString().contains("EVENT_BUS_PRODUCER is not set");
        assertThat(run.err()).doesNotContain("sent ");
        CliRun consumed = cli("consume", "-t", "user-login", "-g", "g", "--idle-timeout", "0.5");
        assertThat(consumed.out()).isEmpty();
    }

    @Test
    void aKeyFieldThatLeadsNowhereIsAnErrorNamingThePathAndTheEventType() {
        CliRun run = cli("produce", "-s", LOGIN, "-t", "user-login", "-d", USER, "--key-field", "user.nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errors(run)).singleElement().asString().contains("--key-field 'user.nope'").contains(LOGIN);
        assertThat(cli("produce", "-s", LOGIN, "-t", "user-login", "-d", USER, "--key-field", "user.pii.username")
                .exitCode()).isZero();
    }

    @Test
    void maxEventsBelowOneIsAUsageErrorThatConsumesNothing() {
        assertThat(cli("produce", "-s", LOGIN, "-t", "user-login", "-d", USER).exitCode()).isZero();
        for (String max : List.of("0", "-1")) {
            CliRun run = cli("consume", "-t", "user-login", "-g", "g", "--max-events", max);
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--max-events must be at least 1, found " + max);
            assertThat(run.out()).isEmpty();
        }
        CliRun run = cli("consume", "-t", "user-login", "-g", "g", "--max-events", "1");
        assertThat(run.out().lines()).as("the event is still there for the group").hasSize(1);
        assertThat(cli("consume", "-t", "t", "-g", "g", "--idle-timeout", "0").err())
                .contains("--idle-timeout must be a positive number of seconds");
    }

    @Test
    void dataAndMetadataComeFromFilesWithAtAndAMissingFileIsNamedWithTheReason() throws Exception {
        Path data = dir.resolve("login.json");
        Files.writeString(data, USER);
        Path metadata = dir.resolve("metadata.json");
        Files.writeString(metadata, "{\"id\": \"5e3b9d2e-8a1f-11ee-b9d1-0242ac120002\"}");

        CliRun run = cli("produce", "-s", LOGIN, "-t", "files", "-d", "@" + data, "-m", "@" + metadata);

        assertThat(run.exitCode()).as(run.err()).isZero();
        CliRun consumed = cli("consume", "-t", "files", "-g", "g", "--max-events", "1");
        assertThat(consumed.out()).contains("5e3b9d2e-8a1f-11ee-b9d1-0242ac120002").contains("bob@foo.example");

        CliRun missing = cli("produce", "-s", LOGIN, "-t", "files", "-d", "@" + dir.resolve("nope.json"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(errors(missing)).singleElement().asString()
                .endsWith("cannot read " + dir.resolve("nope.json").toAbsolutePath() + ": no such file");
        CliRun folder = cli("produce", "-s", LOGIN, "-t", "files", "-d", "@" + dir);
        assertThat(folder.err()).contains("cannot read " + dir.toAbsolutePath() + ": it is a folder");
    }

    @Test
    void aLongBadValueIsQuotedOnlyInPart() {
        String longValue = "{" + "x".repeat(5000);
        CliRun run = cli("produce", "-s", LOGIN, "-t", "t", "-d", longValue);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errors(run)).singleElement().asString().contains("x".repeat(199)).doesNotContain("x".repeat(201))
                .contains("(5001 characters)");
    }

    @Test
    void theEmbeddedFileIsNamedOnceWithItsAbsolutePath() {
        CliRun run = cli("produce", "-s", LOGIN, "-t", "user-login", "-d", USER);
        assertThat(run.err().lines().filter(line -> line.contains("embedded bus"))).containsExactly(
                "openedx-events: embedded bus " + dir.resolve("bus.db").toAbsolutePath() + " (EVENT_BUS_EMBEDDED_PATH)");
        CliRun consumed = cli("consume", "-t", "user-login", "-g", "g", "--max-events", "1");
        assertThat(consumed.err()).contains("embedded bus " + dir.resolve("bus.db").toAbsolutePath());
    }
}
