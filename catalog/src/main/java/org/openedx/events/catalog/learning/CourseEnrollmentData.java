package org.openedx.events.catalog.learning;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openedx.events.Nullable;

/**
 * Data related to a course enrollment object.
 *
 * <p>This data is based on the fields available in the CourseEnrollment data model defined in the student app.
 *
 * <p>Upstream {@code openedx_events.learning.data.CourseEnrollmentData}. The components are in wire order.
 *
 * @param user user associated with the Course Enrollment
 * @param course course where the user is enrolled in
 * @param mode course mode associated with the course enrollment
 * @param isActive whether the enrollment is active
 * @param creationDate creation date of the enrollment
 * @param createdBy if available, who created the enrollment; may be null
 */
public record CourseEnrollmentData(
        UserData user,
        CourseData course,
        String mode,
        boolean isActive,
        OffsetDateTime creationDate,
        @Nullable UserData createdBy) {

    public CourseEnrollmentData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(course, "course");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(creationDate, "creation_date");
    }
}
