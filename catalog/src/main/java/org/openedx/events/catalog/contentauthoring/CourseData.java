package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a course object.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.CourseData}. The components are in wire order.
 *
 * @param courseKey identifier of the Course object
 */
public record CourseData(CourseKey courseKey) {

    public CourseData {
        Objects.requireNonNull(courseKey, "course_key");
    }
}
