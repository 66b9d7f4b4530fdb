package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;

/** The AsyncAPI document is valid AsyncAPI 3.0, and its Avro schemas are those 'schema' prints. */
class AsyncApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema asyncApi;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheSchema() throws Exception {
        try (InputStream schema = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            asyncApi = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
        }
    }

    private static JsonNode valid(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode document = JSON.readTree(run.out());
        List<Error> errors = asyncApi.validate(document);
        assertThat(errors).as("AsyncAPI 3.0.0 schema errors").isEmpty();
        return document;
    }

    @Test
    void everyEventMakesAValidDocumentWhoseAvroSchemasAreThoseSchemaPrints() throws Exception {
        JsonNode document = valid(CliRun.of("schema", "--asyncapi"));

        List<OpenEdxPublicSignal> signals = SignalRegistry.all().stream().filter(OpenEdxPublicSignal::serializable)
                .toList();
        JsonNode messages = document.get("components").get("messages");
        List<String> outsideAvroNames = new ArrayList<>();
        assertThat(messages.size()).isEqualTo(signals.size());
        for (OpenEdxPublicSignal signal : signals) {
            JsonNode message = messages.get(signal.eventType() + signal.eventKeyField().map(k -> "-by-" + k).orElse(""));
            assertThat(message).as(signal.eventType()).isNotNull();
            CliRun printed = CliRun.of("schema", signal.eventType());
            JsonNode avro = message.get("payload").has("schemaFormat") ? message.get("payload").get("schema")
                    : message.get("x-avro-schema");
            assertThat(avro).as(signal.eventType()).isEqualTo(JSON.readTree(printed.out()));
            if (!message.get("payload").has("schemaFormat")) {
                outsideAvroNames.add(signal.eventType());
            }
            assertThat(message.get("headers").get("properties").get("type").get("const").asText())
                    .isEqualTo(signal.eventType());
        }
        // Upstream's one schema whose namespace has a hyphen, which Avro names cannot have.
        assertThat(outsideAvroNames).containsExactly("org.openedx.enterprise.subsidy.redemption-reversed.v1");
    }

    @Test
    void theProducerConfigGivesAChannelPerTopicWithThePrefixAndKafkaHeaders() throws Exception {
        Path settings = dir.resolve("lms.yml");
        Files.writeString(settings, String.join("\n",
                "EVENT_BUS_PRODUCER: kafka",
                "EVENT_BUS_TOPIC_PREFIX: prod",
                "EVENT_BUS_PRODUCER_CONFIG:",
                "  org.openedx.learning.auth.session.login.completed.v1:",
                "    user-login: {event_key_field: user.pii.username, enabled: true}",
                "    audit: {event_key_field: user.id, enabled: true}",
                "  org.openedx.content_authoring.xblock.published.v1:",
                "    course-authoring-xblock-lifecycle: {event_key_field: xblock_info.usage_key, enabled: true}",
                "    disabled-topic: {event_key_field: xblock_info.usage_key, enabled: false}",
                "EVENT_BUS_CONSUMER_CONFIG:",
                "  user-login: {group_id: analytics, enabled: true}",
                ""));
        JsonNode document = valid(CliRun.of("--settings", settings.toString(), "schema", "--asyncapi",
                "--producer-config"));

        List<String> addresses = new ArrayList<>();
        document.get("channels").forEach(channel -> addresses.add(channel.get("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrder("prod-user-login", "prod-audit",
                "prod-course-authoring-xblock-lifecycle");
        JsonNode login = document.get("components").get("messages")
                .get("org.openedx.learning.auth.session.login.completed.v1-by-user.pii.username");
        assertThat(login.get("x-event-key-field").asText()).isEqualTo("user.pii.username");
        assertThat(login.get("headers").get("properties").has("ce_id")).isTrue();
        assertThat(document.get("operations").get("send-audit").get("action").asText()).isEqualTo("send");

        JsonNode consumed = valid(CliRun.of("--settings", settings.toString(), "schema", "--asyncapi",
                "--consumer-config"));
        assertThat(consumed.get("operations").get("receive-user-login").get("messages")).hasSize(1);
        assertThat(consumed.get("channels").get("user-login").get("description").asText()).contains("analytics");
    }

    @Test
    void theOptionsGoTogetherOnlyAsTheySay() {
        CliRun both = CliRun.of("schema", "--asyncapi", "--producer-config", "SESSION_LOGIN_COMPLETED");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("Give at most one of --producer-config, --consumer-config, EVENT_TYPE...");
        CliRun unset = CliRun.of("schema", "--asyncapi", "--consumer-config");
        assertThat(unset.exitCode()).isEqualTo(1);
        assertThat(unset.err()).contains("EVENT_BUS_CONSUMER_CONFIG is not set");
    }
}
