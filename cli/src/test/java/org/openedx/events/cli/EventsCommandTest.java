package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;

class EventsCommandTest {

    static final OpenEdxPublicSignal SIGNAL = OpenEdxPublicSignal.builder("org.openedx.cli.listed.v1")
            .data("text", String.class).eventKeyField("text").serializable(false).build();

    @Test
    void jsonListsEveryRegisteredEvent() throws Exception {
        CliRun run = CliRun.of("events", "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out());
        assertThat(rows).hasSize(SignalRegistry.all().size());
        JsonNode row = null;
        for (JsonNode candidate : rows) {
            if (candidate.get("event_type").asText().equals(SIGNAL.eventType())) {
                row = candidate;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("event_key_field").asText()).isEqualTo("text");
        assertThat(row.get("serializable").asBoolean()).isFalse();
    }

    @Test
    void listsEveryUpstreamEvent() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(java.nio.file.Path.of("../spec/golden/catalog.json").toFile());
        java.util.Set<String> listed = new java.util.HashSet<>();
        new ObjectMapper().readTree(CliRun.of("events", "--json").out()).forEach(r -> listed.add(r.get("event_type")
                .asText()));
        assertThat(golden.get("signals")).hasSize(75).allSatisfy(signal ->
                assertThat(listed).contains(signal.get("event_type").asText()));
    }

    @Test
    void textListingEndsWithTheCount() {
        CliRun run = CliRun.of("events");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(SIGNAL.eventType()).contains(SignalRegistry.all().size() + " event types");
    }
}
