package org.openedx.events.catalog.authz;

import java.util.Objects;
import org.openedx.events.Nullable;

/**
 * Data related to a specific role assignment.
 *
 * <p>A role assignment represents the assignment of a role to a subject (e.g., user) within a specific scope (e.g.,
 * course, organization).
 *
 * <p>Upstream {@code openedx_events.authz.data.RoleAssignmentData}. The components are in wire order.
 *
 * @param operation The operation being performed (e.g., 'created', 'deleted')
 * @param subject The subject to which the role is assigned (e.g., 'user^john_doe')
 * @param role The role that is assigned (e.g., 'course_admin')
 * @param scope The scope in which the role is assigned (e.g., 'course-v1:edX+DemoX+Demo_Course')
 * @param actorId The database ID of the actor performing the operation, if available; may be null
 */
public record RoleAssignmentData(String operation, String subject, String role, String scope, @Nullable Long actorId) {

    public RoleAssignmentData {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(scope, "scope");
    }
}
