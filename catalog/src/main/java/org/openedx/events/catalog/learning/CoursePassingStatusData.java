package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Represents the event data when a user's grade is updated, indicates if current grade is enough for course
 * passing.
 *
 * <p>Upstream {@code openedx_events.learning.data.CoursePassingStatusData}. The components are in wire order.
 *
 * @param isPassing Indicates whether the user's grade is enough to pass the course
 * @param course An instance of CourseData containing details about the course in which the grade was updated
 * @param user An instance of UserData containing information about the user whose grade was updated
 */
public record CoursePassingStatusData(boolean isPassing, CourseData course, UserData user) {

    public CoursePassingStatusData {
        Objects.requireNonNull(course, "course");
        Objects.requireNonNull(user, "user");
    }
}
