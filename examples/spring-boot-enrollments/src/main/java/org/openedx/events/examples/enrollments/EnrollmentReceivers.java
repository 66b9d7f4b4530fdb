package org.openedx.events.examples.enrollments;

import org.openedx.events.EventsMetadata;
import org.openedx.events.OnEvent;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.springframework.stereotype.Component;

/**
 * Keeps the table in step with the enrollment events: created and changed events record the
 * enrollment as the event states it, an unenrollment records it inactive. Each is recorded as of the
 * event's time, so events handled twice or out of order leave the newest state.
 */
@Component
public class EnrollmentReceivers {

    private final EnrollmentRepository enrollments;

    public EnrollmentReceivers(EnrollmentRepository enrollments) {
        this.enrollments = enrollments;
    }

    @OnEvent({"org.openedx.learning.course.enrollment.created.v1",
            "org.openedx.learning.course.enrollment.changed.v1"})
    public void enrollmentChanged(CourseEnrollmentData enrollment, EventsMetadata metadata) {
        enrollments.record(row(enrollment, enrollment.isActive()), metadata.time());
    }

    @OnEvent("org.openedx.learning.course.unenrollment.completed.v1")
    public void unenrolled(CourseEnrollmentData enrollment, EventsMetadata metadata) {
        enrollments.record(row(enrollment, false), metadata.time());
    }

    private static Enrollment row(CourseEnrollmentData enrollment, boolean active) {
        return new Enrollment(enrollment.user().id(), enrollment.user().pii().username(),
                enrollment.course().courseKey().toString(), enrollment.mode(), active);
    }
}
