package org.openedx.events.catalog.enterprise;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to an Enterprise Course Enrollment object.
 *
 * <p>Django model definition: https://github.com/openedx/edx-enterprise/blob/cc873d6/enterprise/models.py#L1983.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.EnterpriseCourseEnrollment}. The components are in wire order.
 *
 * @param id Primary identifier of the record
 * @param created When the record was created
 * @param modified When the record was last modified
 * @param enterpriseCustomerUser The enterprise learner to which this enrollment is attached
 * @param courseId The ID of the course in which the learner was enrolled
 * @param savedForLater Specifies whether a user marked this course as saved for later in the learner portal
 * @param sourceSlug DB slug for the source of the enrollment, e.g. "enrollment_task", "management_command", etc;
 *        may be null
 * @param unenrolled Specifies whether the related LMS course enrollment object was unenrolled; may be null
 * @param unenrolledAt Specifies when the related LMS course enrollment object was unenrolled; may be null
 */
public record EnterpriseCourseEnrollment(
        long id,
        OffsetDateTime created,
        OffsetDateTime modified,
        EnterpriseCustomerUser enterpriseCustomerUser,
        CourseKey courseId,
        boolean savedForLater,
        @Nullable String sourceSlug,
        @Nullable Boolean unenrolled,
        @Nullable OffsetDateTime unenrolledAt) {

    public EnterpriseCourseEnrollment {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(enterpriseCustomerUser, "enterprise_customer_user");
        Objects.requireNonNull(courseId, "course_id");
    }
}
