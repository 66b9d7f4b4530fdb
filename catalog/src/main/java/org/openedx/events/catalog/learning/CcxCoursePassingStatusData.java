package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Extends CoursePassingStatusData for CCX courses, specifying CCX course data.
 *
 * <p>This class is used for events where a user's grade crosses a threshold specifically in a CCX course, providing
 * a custom course attribute suited for CCX course instances.
 *
 * <p>Upstream {@code openedx_events.learning.data.CcxCoursePassingStatusData}, a subclass of
 * {@code CoursePassingStatusData} whose fields come first here. The components are in wire order.
 *
 * @param isPassing Indicates whether the user's grade is enough to pass the course
 * @param user An instance of UserData containing information about the user whose grade was updated
 * @param course An instance of CcxCourseData containing details about the CCX course in which the grade threshold
 *        was crossed
 */
public record CcxCoursePassingStatusData(boolean isPassing, UserData user, CcxCourseData course) {

    public CcxCoursePassingStatusData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(course, "course");
    }
}
