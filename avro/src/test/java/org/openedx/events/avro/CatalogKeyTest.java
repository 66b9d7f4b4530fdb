package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openedx.events.EventBusException;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.wire.EventKeys;

/** Message keys (kafka.md §4) for every catalog event with an {@code event_key_field}. */
class CatalogKeyTest {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    static Stream<OpenEdxPublicSignal> keyed() {
        return Golden.serializableSignals().stream().filter(s -> s.eventKeyField().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyed")
    void keySchemaMatchesTheGoldenKeyType(OpenEdxPublicSignal signal) throws IOException {
        Map<String, Object> golden = Golden.signal(signal.eventType());
        String path = signal.eventKeyField().orElseThrow();
        assertThat(golden.get("event_key_field")).isEqualTo(path);

        if ((Boolean) golden.get("event_key_field_resolves")) {
            Map<String, Object> field = avro.keyFieldSchema(signal, path);
            assertThat(field.get("type")).isEqualTo(golden.get("event_key_avro_type"));
            assertThat(avro.keySchemaString(signal, path)).isEqualTo("{\"name\": \"" + field.get("name")
                    + "\", \"type\": \"" + field.get("type") + "\"}");

            EventData data = avro.deserialize(signal, avro.serializeGeneric(signal, SampleData.generic(signal, true)));
            byte[] key = avro.serializeKey(signal, path, data);
            assertThat(DecoderFactory.get().binaryDecoder(key, null).readString())
                    .isEqualTo(EventKeys.extract(data, path).toString());
        } else {
            assertThatThrownBy(() -> avro.keySchemaString(signal, path))
                    .isInstanceOf(AvroSchemaException.class)
                    .hasMessageStartingWith("Error traversing Avro schema along path [")
                    .hasMessageContaining("; failed at '");
        }
    }

    @Test
    void unresolvableKeyPathsFailAsUpstream() {
        OpenEdxPublicSignal signal = Golden.catalogSignals().stream()
                .filter(s -> s.eventType().equals("org.openedx.authz.role_assignment.created")).findFirst()
                .orElseThrow();

        assertThatThrownBy(() -> avro.keySchemaString(signal, "user.pii.username"))
                .isInstanceOf(AvroSchemaException.class)
                .hasMessage("Error traversing Avro schema along path ['user', 'pii', 'username']; failed at 'user'.");
    }

    @Test
    void enrollmentKeyIsTheCourseKeyText() {
        EventData data = EventData.of("enrollment", new CourseEnrollmentData(
                new UserData(1, true, new UserPersonalData("u", "e@x", "N")),
                new CourseData(CourseKey.parse("course-v1:edX+DemoX+Demo_Course"), "D", null, null),
                "audit", true, java.time.OffsetDateTime.parse("2023-05-01T12:00:00Z"), null));
        OpenEdxPublicSignal signal = LearningSignals.COURSE_ENROLLMENT_CREATED;

        assertThat(avro.keySchemaString(signal, "enrollment.course.course_key"))
                .isEqualTo("{\"name\": \"course_key\", \"type\": \"string\"}");
        assertThat(Hex.of(avro.serializeKey(signal, "enrollment.course.course_key", data)))
                .isEqualTo(Hex.of("3e \"course-v1:edX+DemoX+Demo_Course\""));
        assertThat(Hex.of(avro.serializeKey(signal, "enrollment.user.id", data))).isEqualTo("02");
    }

    @Test
    void aKeyKeptAsTextIsWrittenAsItsFieldsType() {
        OpenEdxPublicSignal signal = LearningSignals.COURSE_ENROLLMENT_CREATED;

        assertThat(Hex.of(avro.serializeKeyValue(signal, "enrollment.user.id", "1"))).isEqualTo("02");
        assertThat(Hex.of(avro.serializeKeyValue(signal, "enrollment.course.course_key", "1")))
                .isEqualTo(Hex.of("02 \"1\""));
        assertThatThrownBy(() -> avro.serializeKeyValue(signal, "enrollment.user.id", "one"))
                .isInstanceOf(AvroSerializationException.class).hasMessageContaining("enrollment.user.id");
    }

    @Test
    void keyThroughNullableOrNonPrimitiveFieldsFails() {
        EventData data = EventData.of("enrollment", new CourseEnrollmentData(
                new UserData(1, true, new UserPersonalData("u", "e@x", "N")),
                new CourseData(CourseKey.parse("course-v1:edX+DemoX+Demo_Course"), "D", null, null),
                "audit", true, java.time.OffsetDateTime.parse("2023-05-01T12:00:00Z"), null));
        OpenEdxPublicSignal signal = LearningSignals.COURSE_ENROLLMENT_CREATED;

        assertThatThrownBy(() -> avro.serializeKey(signal, "enrollment.created_by.id", data))
                .isInstanceOf(EventBusException.class);
        assertThatThrownBy(() -> avro.keySchemaString(signal, "enrollment.course.start.x"))
                .hasMessage("Error traversing Avro schema along path ['enrollment', 'course', 'start', 'x'];"
                        + " failed at 'x'.");
        assertThatThrownBy(() -> avro.serializeKey(signal, "enrollment.user", data))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("only primitive-typed key fields");
        assertThat(avro.serializeKey(signal, "enrollment.course.start", data)).isNull();
    }
}
