package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.avro.fixtures.Learning.CourseData;
import org.openedx.events.avro.fixtures.Learning.CourseDiscussionConfigurationData;
import org.openedx.events.avro.fixtures.Learning.CourseEnrollmentData;
import org.openedx.events.avro.fixtures.Learning.UserData;
import org.openedx.events.avro.fixtures.Learning.UserPersonalData;
import org.openedx.events.avro.fixtures.Shapes.FrameworkData;
import org.openedx.events.avro.fixtures.Shapes.SubTestData0;
import org.openedx.events.avro.fixtures.Shapes.SubTestData1;
import org.openedx.events.avro.fixtures.TestSignals;
import org.openedx.events.keys.CourseKey;

/** The verified byte vectors of the spec (avro.md §6.4), typed and generic, both ways. */
class ByteVectorsTest {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    static final String LOGIN_BYTES = "f6 01 01 0c 66 6f 6f 62 6f 62 1e 62 6f 62 40 66 6f 6f 2e 65 78 61 6d 70 6c 65"
            + " 0e 42 6f 62 20 46 6f 6f";

    static final String ENROLLMENT_BYTES = "02 01 02 75 06 65 40 78 02 4e 3e \"course-v1:edX+DemoX+Demo_Course\" 02 44"
            + " 00 00 0a \"audit\" 01 32 \"2023-05-01T12:00:00+00:00\" 00";

    @Test
    void sessionLoginMatchesUpstreamBytes() {
        EventData data = EventData.of("user", new UserData(123, true, new UserPersonalData("foobob", "bob@foo.example",
                "Bob Foo")));

        byte[] bytes = avro.serialize(TestSignals.LOGIN, data);

        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(LOGIN_BYTES));
        assertThat(avro.deserialize(TestSignals.LOGIN, bytes)).isEqualTo(data);
    }

    @Test
    void sessionLoginGenericMatchesUpstreamBytes() {
        Map<String, Object> pii = Map.of("username", "foobob", "email", "bob@foo.example", "name", "Bob Foo");
        Map<String, Object> data = Map.of("user", Map.of("id", 123, "is_active", true, "pii", pii));

        byte[] bytes = avro.serializeGeneric(TestSignals.LOGIN, data);

        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(LOGIN_BYTES));
        assertThat(avro.deserializeGeneric(TestSignals.LOGIN, bytes))
                .isEqualTo(Map.of("user", Map.of("id", 123L, "is_active", true, "pii", pii)));
    }

    @Test
    void genericDecodingRefusesBytesLeftAfterTheDataWhileTypedDecodingReadsWhatUpstreamReads() {
        byte[] bytes = Hex.bytes(LOGIN_BYTES + " 00 07");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> avro.deserializeGeneric(TestSignals.LOGIN, bytes))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("2 byte(s) are left after the event's data");
        assertThat(avro.deserialize(TestSignals.LOGIN, bytes).get("user", UserData.class).id()).isEqualTo(123);
    }

    @Test
    void enrollmentCreatedMatchesUpstreamBytes() {
        CourseEnrollmentData enrollment = new CourseEnrollmentData(
                new UserData(1, true, new UserPersonalData("u", "e@x", "N")),
                new CourseData(CourseKey.parse("course-v1:edX+DemoX+Demo_Course"), "D", null, null),
                "audit", true, OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC), null);
        EventData data = EventData.of("enrollment", enrollment);

        byte[] bytes = avro.serialize(TestSignals.ENROLLMENT, data);

        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(ENROLLMENT_BYTES));
        assertThat(avro.deserialize(TestSignals.ENROLLMENT, bytes)).isEqualTo(data);
    }

    @Test
    void discussionsMapIsWrittenInSortedKeyOrder() {
        Map<String, Boolean> plugins = new LinkedHashMap<>();
        plugins.put("b", true);
        plugins.put("a", false);
        CourseDiscussionConfigurationData configuration = new CourseDiscussionConfigurationData(
                CourseKey.parse("course-v1:edX+DemoX+Demo_Course"), "openedx", true, true, false, false, plugins,
                List.of());

        byte[] bytes = avro.serialize(TestSignals.DISCUSSIONS, EventData.of("configuration", configuration));

        assertThat(Hex.of(bytes)).isEqualTo(Hex.of("3e \"course-v1:edX+DemoX+Demo_Course\" 0e \"openedx\""
                + " 01 01 00 00 04 02 61 00 02 62 01 00 00"));
        CourseDiscussionConfigurationData back = avro.deserialize(TestSignals.DISCUSSIONS, bytes)
                .get("configuration", CourseDiscussionConfigurationData.class);
        assertThat(back.pluginConfiguration()).containsExactly(Map.entry("a", false), Map.entry("b", true));
    }

    @Test
    void frameworkVectorMatchesUpstreamTest() {
        FrameworkData value = new FrameworkData("foo", "bar.course", new SubTestData0("a.sub.name", "a.nother.course"),
                new SubTestData1("b.uber.sub.name", "b.uber.another.course"));

        byte[] bytes = avro.serialize(TestSignals.FRAMEWORK, EventData.of("event_data", value));

        assertThat(Hex.of(bytes)).isEqualTo(Hex.of("06 \"foo\" 14 \"bar.course\" 14 \"a.sub.name\""
                + " 1e \"a.nother.course\" 1e \"b.uber.sub.name\" 2a \"b.uber.another.course\""));
        assertThat(avro.deserialize(TestSignals.FRAMEWORK, bytes).get("event_data")).isEqualTo(value);
    }
}
