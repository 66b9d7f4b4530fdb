package org.openedx.events.catalog.learning;

import java.util.Objects;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a user's access role in a course.
 *
 * <p>Upstream {@code openedx_events.learning.data.CourseAccessRoleData}. The components are in wire order.
 *
 * @param user user associated with the CourseAccessRole
 * @param orgKey identifier of the organization
 * @param courseKey identifier of the related course object
 * @param role the role of the user in the course
 */
public record CourseAccessRoleData(UserData user, String orgKey, CourseKey courseKey, String role) {

    public CourseAccessRoleData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(orgKey, "org_key");
        Objects.requireNonNull(courseKey, "course_key");
        Objects.requireNonNull(role, "role");
    }
}
