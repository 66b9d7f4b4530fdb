package org.openedx.events.catalog.learning;

import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.CcxLocator;
import org.openedx.events.keys.CourseKey;

/**
 * Represents data for a CCX (Custom Courses for edX) course.
 *
 * <p>Upstream {@code openedx_events.learning.data.CcxCourseData}. The components are in wire order.
 *
 * @param ccxCourseKey The unique identifier for the CCX course
 * @param masterCourseKey The unique identifier for the original course from which the CCX is derived
 * @param displayName The name of the CCX course as it should appear to users; null becomes an empty string
 * @param coachEmail The email address of the coach (instructor) for the CCX course; null becomes an empty string
 * @param start The start date of the CCX course; null means no specific start date
 * @param end The end date of the CCX course; null means no specific end date
 * @param maxStudentsAllowed The maximum number of students that can enroll in the CCX course; null means no limit
 */
public record CcxCourseData(
        CcxLocator ccxCourseKey,
        CourseKey masterCourseKey,
        String displayName,
        String coachEmail,
        @Nullable String start,
        @Nullable String end,
        @Nullable Long maxStudentsAllowed) {

    public CcxCourseData {
        Objects.requireNonNull(ccxCourseKey, "ccx_course_key");
        Objects.requireNonNull(masterCourseKey, "master_course_key");
        displayName = displayName == null ? "" : displayName;
        coachEmail = coachEmail == null ? "" : coachEmail;
    }
}
