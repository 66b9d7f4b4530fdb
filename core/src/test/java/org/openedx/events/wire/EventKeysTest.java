package org.openedx.events.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventBusException;
import org.openedx.events.EventData;
import org.openedx.events.TestData;

class EventKeysTest {

    @Test
    void followsRecordComponentsByWireOrJavaName() {
        EventData data = EventData.of("user", TestData.user(5));
        assertThat(EventKeys.extract(data, "user.pii.username")).isEqualTo("user5");
        assertThat(EventKeys.extract(data, "user.is_active")).isEqualTo(true);
        assertThat(EventKeys.extract(data, "user.isActive")).isEqualTo(true);
        assertThat(EventKeys.extract(data, "user")).isEqualTo(TestData.user(5));
    }

    @Test
    void followsMapsAndAccessorMethods() {
        EventData data = EventData.of("tags", new TestData.TagsData(java.util.List.of("a"), Map.of("k", "v")));
        assertThat(EventKeys.extract(data, "tags.labels.k")).isEqualTo("v");
        assertThat(EventKeys.extract(EventData.of("text", "abc"), "text.length")).isEqualTo(3);
    }

    @Test
    void failuresNameThePathTheSegmentAndWhere() {
        EventData data = EventData.of("user", TestData.user(5),
                "course", new TestData.CourseData("course-v1:a+b+c", null));
        assertThatThrownBy(() -> EventKeys.extract(data, "usr.id"))
                .isInstanceOf(EventBusException.class)
                .hasMessage("Could not extract key from event; lookup in usr.id failed at 'usr' in dictionary");
        assertThatThrownBy(() -> EventKeys.extract(data, "user.pii.nickname"))
                .hasMessage("Could not extract key from event; lookup in user.pii.nickname failed at 'nickname' in object");
        assertThatThrownBy(() -> EventKeys.extract(data, "course.display_name.x"))
                .hasMessage("Could not extract key from event; lookup in course.display_name.x failed at 'x' in object");
    }
}
