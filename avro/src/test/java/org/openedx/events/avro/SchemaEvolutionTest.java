package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.fixtures.TestSignals;

/**
 * Upstream's schema evolution test: the current schema of every event and its stored first
 * schema read each other's data.
 */
class SchemaEvolutionTest {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    static Stream<OpenEdxPublicSignal> serializable() {
        return Golden.serializableSignals().stream();
    }

    @Test
    void everySerializableEventHasAStoredSchema() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(Golden.UPSTREAM_AVSC)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Golden.serializableSignals().stream()
                            .map(s -> s.eventType().replace('.', '+') + "_schema.avsc").toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializable")
    void currentAndStoredSchemasReadEachOthersData(OpenEdxPublicSignal signal) {
        SchemaCompatibilityReport report = avro.checkCompatibility(signal, Golden.upstreamAvsc(signal.eventType()));

        assertThat(report.problems()).isEmpty();
        assertThat(report.compatible()).isTrue();
        assertThat(report.eventType()).isEqualTo(signal.eventType());
    }

    @Test
    void addingANullableFieldIsCompatible() {
        String stored = "{\"name\": \"CloudEvent\", \"type\": \"record\", \"namespace\": \"x\", \"fields\": [{\"name\":"
                + " \"leaf\", \"type\": {\"name\": \"Leaf\", \"type\": \"record\", \"fields\": [{\"name\": \"label\","
                + " \"type\": \"string\"}]}}]}";

        assertThat(avro.checkCompatibility(TestSignals.HYPHEN, stored).compatible()).isTrue();
    }

    @Test
    void removingARequiredFieldIsReportedBothWays() {
        String stored = "{\"name\": \"CloudEvent\", \"type\": \"record\", \"fields\": [{\"name\": \"leaf\", \"type\":"
                + " {\"name\": \"Leaf\", \"type\": \"record\", \"fields\": [{\"name\": \"label\", \"type\": \"string\"},"
                + " {\"name\": \"rank\", \"type\": [\"null\", \"long\"], \"default\": null},"
                + " {\"name\": \"weight\", \"type\": \"double\"}]}}]}";

        SchemaCompatibilityReport report = avro.checkCompatibility(TestSignals.HYPHEN, stored);

        assertThat(report.compatible()).isFalse();
        assertThat(report.problems()).singleElement().asString()
                .startsWith("the stored schema cannot read data written with the current schema")
                .contains("weight");
    }

    @Test
    void changingATypeIsReported() {
        String stored = "{\"name\": \"CloudEvent\", \"type\": \"record\", \"fields\": [{\"name\": \"leaf\", \"type\":"
                + " {\"name\": \"Leaf\", \"type\": \"record\", \"fields\": [{\"name\": \"label\", \"type\": \"long\"}]}}]}";

        assertThat(avro.checkCompatibility(TestSignals.HYPHEN, stored).problems()).hasSize(2);
    }
}
