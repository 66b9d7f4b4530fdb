package org.openedx.events.catalog.contentauthoring;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openedx.events.Nullable;

/**
 * Data related to a course schedule.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.CourseScheduleData}. The components are in wire order.
 *
 * @param start course start date
 * @param pacing 'instructor' or 'self'
 * @param end course end date (optional); may be null
 * @param enrollmentStart start of course enrollment (optional); may be null
 * @param enrollmentEnd end of course enrollment (optional); may be null
 */
public record CourseScheduleData(
        OffsetDateTime start,
        String pacing,
        @Nullable OffsetDateTime end,
        @Nullable OffsetDateTime enrollmentStart,
        @Nullable OffsetDateTime enrollmentEnd) {

    public CourseScheduleData {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(pacing, "pacing");
    }
}
