package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.wire.PythonJson;

/** The generated schema of every catalog event against upstream's, from the golden catalog. */
class CatalogSchemaTest {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    static Stream<OpenEdxPublicSignal> serializable() {
        return Golden.serializableSignals().stream();
    }

    @Test
    void catalogHas72SerializableAnd3KnownUnserializableSignals() {
        List<String> golden = Golden.signals().stream().filter(s -> !(Boolean) s.get("known_unserializable"))
                .map(s -> (String) s.get("event_type")).toList();

        assertThat(Golden.catalogSignals()).hasSize(75);
        assertThat(Golden.serializableSignals()).extracting(OpenEdxPublicSignal::eventType)
                .containsExactlyElementsOf(golden)
                .hasSize(72);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializable")
    void schemaMapEqualsUpstreamSchema(OpenEdxPublicSignal signal) {
        Map<String, Object> expected = goldenSchema(signal.eventType());

        Map<String, Object> actual = avro.schemaMap(signal);

        assertThat(actual).isEqualTo(expected);
        // Same key order as upstream's dict at every level, not only the same content.
        assertThat(PythonJson.dumps(actual, false)).isEqualTo(PythonJson.dumps(expected, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializable")
    void schemaStringEqualsUpstreamSchemaString(OpenEdxPublicSignal signal) {
        assertThat(avro.schemaString(signal)).isEqualTo(PythonJson.dumps(goldenSchema(signal.eventType()), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializable")
    void avroSchemaParsesWithEventTypeNamespace(OpenEdxPublicSignal signal) {
        assertThat(avro.schema(signal).getFullName()).isEqualTo(signal.eventType() + ".CloudEvent");
    }

    @Test
    void certificateEventsFailSchemaGenerationOnTheImageStream() {
        for (String eventType : List.of("org.openedx.content_authoring.course.certificate_config.changed.v1",
                "org.openedx.content_authoring.course.certificate_config.deleted.v1")) {
            assertThat(Golden.signal(eventType).get("avro_schema_generates")).isEqualTo(false);

            assertThatThrownBy(() -> avro.schema(SignalRegistry.get(eventType)))
                    .isInstanceOfSatisfying(AvroSchemaException.class, e -> {
                        assertThat(e.eventType()).isEqualTo(eventType);
                        assertThat(e.fieldPath()).isEqualTo("certificate_config.signatories.image");
                    })
                    .hasMessageContaining("java.io.InputStream is not supported");
        }
    }

    @Test
    void externalGraderEventIsKnownUnserializableButGenerates() {
        String eventType = "org.openedx.learning.external_grader.score.submitted.v1";
        OpenEdxPublicSignal signal = SignalRegistry.get(eventType);

        assertThat(signal.serializable()).isFalse();
        assertThat(avro.schemaMap(signal)).isEqualTo(goldenSchema(eventType));
    }

    @Test
    void hyphenatedEventTypeWorksLikeAnyOther() {
        OpenEdxPublicSignal signal = SignalRegistry.get("org.openedx.enterprise.subsidy.redemption-reversed.v1");

        assertThat(avro.schema(signal).getNamespace()).isEqualTo(signal.eventType());
        assertThat(AvroSchemas.parse(avro.schemaString(signal))).isEqualTo(avro.schema(signal));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> goldenSchema(String eventType) {
        Map<String, Object> schema = (Map<String, Object>) Golden.signal(eventType).get("avro_schema");
        assertThat(schema).as("golden schema of %s", eventType).isNotNull();
        return schema;
    }
}
