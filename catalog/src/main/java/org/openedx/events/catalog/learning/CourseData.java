package org.openedx.events.catalog.learning;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a course object.
 *
 * <p>This data is based on the fields available in the CourseOverview data model defined in the course_overviews
 * app.
 *
 * <p>Upstream {@code openedx_events.learning.data.CourseData}. The components are in wire order.
 *
 * @param courseKey identifier of the course
 * @param displayName display name associated with the course; null becomes an empty string
 * @param start start date for the course; may be null
 * @param end end date for the course; may be null
 */
public record CourseData(
        CourseKey courseKey,
        String displayName,
        @Nullable OffsetDateTime start,
        @Nullable OffsetDateTime end) {

    public CourseData {
        Objects.requireNonNull(courseKey, "course_key");
        displayName = displayName == null ? "" : displayName;
    }
}
