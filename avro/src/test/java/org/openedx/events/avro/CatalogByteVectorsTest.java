package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseDiscussionConfigurationData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;

/** The spec's byte vectors (avro.md §6.4) with the real catalog signals and records. */
class CatalogByteVectorsTest {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    @Test
    void sessionLoginCompleted() {
        EventData data = EventData.of("user", new UserData(123, true,
                new UserPersonalData("foobob", "bob@foo.example", "Bob Foo")));

        byte[] bytes = avro.serialize(LearningSignals.SESSION_LOGIN_COMPLETED, data);

        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(ByteVectorsTest.LOGIN_BYTES));
        assertThat(avro.deserialize(LearningSignals.SESSION_LOGIN_COMPLETED, bytes)).isEqualTo(data);
    }

    @Test
    void courseEnrollmentCreated() {
        EventData data = EventData.of("enrollment", new CourseEnrollmentData(
                new UserData(1, true, new UserPersonalData("u", "e@x", "N")),
                new CourseData(CourseKey.parse("course-v1:edX+DemoX+Demo_Course"), "D", null, null),
                "audit", true, OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC), null));

        byte[] bytes = avro.serialize(LearningSignals.COURSE_ENROLLMENT_CREATED, data);

        assertThat(Hex.of(bytes)).isEqualTo(Hex.of(ByteVectorsTest.ENROLLMENT_BYTES));
        assertThat(avro.deserialize(LearningSignals.COURSE_ENROLLMENT_CREATED, bytes)).isEqualTo(data);
    }

    @Test
    void discussionsConfigurationMapInSortedOrder() {
        Map<String, Boolean> plugins = new LinkedHashMap<>();
        plugins.put("b", true);
        plugins.put("a", false);
        EventData data = EventData.of("configuration", new CourseDiscussionConfigurationData(
                CourseKey.parse("course-v1:edX+DemoX+Demo_Course"), "openedx", false, true, false, false, plugins,
                List.of()));

        byte[] bytes = avro.serialize(LearningSignals.COURSE_DISCUSSIONS_CHANGED, data);

        assertThat(Hex.of(bytes)).endsWith(Hex.of("00 01 00 00 04 02 61 00 02 62 01 00 00"));
        // Faithful decoding: enabled=false stays false (upstream would turn it into True).
        CourseDiscussionConfigurationData read = avro.deserialize(LearningSignals.COURSE_DISCUSSIONS_CHANGED, bytes)
                .get("configuration", CourseDiscussionConfigurationData.class);
        assertThat(read.enabled()).isFalse();
        assertThat(read.pluginConfiguration()).isEqualTo(Map.of("a", false, "b", true));
    }
}
