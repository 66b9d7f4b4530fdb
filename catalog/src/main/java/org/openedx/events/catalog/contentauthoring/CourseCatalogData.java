package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a course catalog entry.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.CourseCatalogData}. The components are in wire order.
 *
 * @param courseKey identifier of the Course object
 * @param name course name
 * @param scheduleData scheduling information for the course
 * @param hidden whether the course is hidden from search (optional); upstream default {@code false}
 * @param invitationOnly whether the course requires an invitation to enroll; upstream default {@code false}
 */
public record CourseCatalogData(
        CourseKey courseKey,
        String name,
        CourseScheduleData scheduleData,
        boolean hidden,
        boolean invitationOnly) {

    public CourseCatalogData {
        Objects.requireNonNull(courseKey, "course_key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheduleData, "schedule_data");
    }
}
