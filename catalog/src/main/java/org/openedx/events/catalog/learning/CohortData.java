package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Attributes defined for cohort membership object.
 *
 * <p>This data is based on the fields available in the CohortMembership data model defined in the cohorts app.
 *
 * <p>Upstream {@code openedx_events.learning.data.CohortData}. The components are in wire order.
 *
 * @param user user assigned to the group
 * @param course course associated with the course group
 * @param name name of the cohort group
 */
public record CohortData(UserData user, CourseData course, String name) {

    public CohortData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(course, "course");
        Objects.requireNonNull(name, "name");
    }
}
