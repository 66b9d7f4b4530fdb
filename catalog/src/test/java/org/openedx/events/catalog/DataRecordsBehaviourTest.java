package org.openedx.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.catalog.contentauthoring.DuplicatedXBlockData;
import org.openedx.events.catalog.learning.CcxCourseData;
import org.openedx.events.catalog.learning.CcxCoursePassingStatusData;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseDiscussionConfigurationData;
import org.openedx.events.catalog.learning.CourseNotificationData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.ORASubmissionAnswer;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.wire.FieldNames;

/** Examples of the upstream field rules that are easy to get wrong (core.md §4). */
class DataRecordsBehaviourTest {

    private static final CourseKey COURSE = CourseKey.parse("course-v1:edX+DemoX+Demo_Course");

    @Test
    void aRedeclaredFieldMovesToTheSubclassPosition() {
        assertThat(wireNames(CcxCoursePassingStatusData.class)).containsExactly("is_passing", "user", "course");
    }

    @Test
    void keywordOnlyFieldsKeepTheirPosition() {
        assertThat(wireNames(DuplicatedXBlockData.class))
                .containsExactly("usage_key", "block_type", "version", "source_usage_key");
    }

    @Test
    void factoryDefaultsApplyToNull() {
        UserPersonalData pii = new UserPersonalData("jdoe", "jdoe@example.com", null);
        CourseData course = new CourseData(COURSE, null, null, null);

        assertThat(pii.name()).isEmpty();
        assertThat(course.displayName()).isEmpty();
        assertThat(course.start()).isNull();
    }

    @Test
    void requiredFieldsRejectNullWithTheWireName() {
        assertThatThrownBy(() -> new UserPersonalData(null, "jdoe@example.com", "John"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("username");
        assertThatThrownBy(() -> new CcxCourseData(null, COURSE, "", "", null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ccx_course_key");
    }

    @Test
    void pluginConfigurationDefaultsToAnEmptyMap() {
        CourseDiscussionConfigurationData configuration =
                new CourseDiscussionConfigurationData(COURSE, "openedx", true, true, false, false, null, null);

        assertThat(configuration.pluginConfiguration()).isEmpty();
        assertThat(configuration.contexts()).isEmpty();
    }

    @Test
    void nestedCollectionsAreCopiedDeeply() {
        List<String> roles = new ArrayList<>(List.of("verified"));
        Map<String, List<String>> filters = new HashMap<>(Map.of("enrollment", roles));
        CourseNotificationData notification =
                new CourseNotificationData(COURSE, "discussion", "new_post", "https://example.com", null, filters);
        roles.add("audit");
        filters.put("role", List.of("staff"));

        assertThat(notification.audienceFilters()).containsExactly(Map.entry("enrollment", List.of("verified")));
        assertThatThrownBy(() -> notification.audienceFilters().get("enrollment").add("x"))
                .isInstanceOf(UnsupportedOperationException.class);

        Map<String, String> part = new HashMap<>(Map.of("text", "answer"));
        ORASubmissionAnswer answer = new ORASubmissionAnswer(List.of(part), null, null, null, null, null);
        part.put("text", "changed");
        assertThat(answer.parts()).containsExactly(Map.of("text", "answer"));
        assertThatThrownBy(() -> answer.parts().get(0).put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsAreSentThroughTheirSignal() {
        UserData user = new UserData(42, true, new UserPersonalData("jdoe", "jdoe@example.com", "John Doe"));
        AtomicReference<ReceivedEvent> received = new AtomicReference<>();
        EventReceiver receiver = received::set;
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        try {
            LearningSignals.SESSION_LOGIN_COMPLETED.sendEvent(EventData.of("user", user));
        } finally {
            LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(receiver);
        }

        assertThat(received.get().data("user", UserData.class)).isEqualTo(user);
        assertThat(received.get().eventType()).isEqualTo("org.openedx.learning.auth.session.login.completed.v1");
    }

    @Test
    void recordsHaveValueSemantics() {
        OffsetDateTime start = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

        assertThat(new CourseData(COURSE, "Demo", start, null))
                .isEqualTo(new CourseData(CourseKey.parse(COURSE.toString()), "Demo", start, null));
    }

    private static List<String> wireNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> FieldNames.toWire(c.getName())).toList();
    }
}
