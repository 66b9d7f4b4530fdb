package org.openedx.events.examples.enrollments;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.openedx.events.EventData;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the service does besides listening: deactivating an enrollment, and announcing it. */
@Service
public class EnrollmentService {

    private final EnrollmentRepository enrollments;
    private final Clock clock;

    public EnrollmentService(EnrollmentRepository enrollments, Clock clock) {
        this.enrollments = enrollments;
        this.clock = clock;
    }

    /**
     * Marks the enrollment inactive and sends {@code COURSE_UNENROLLMENT_COMPLETED}, in one
     * transaction: in outbox mode (the {@code application.yml}'s) the event is written to the outbox
     * table in this transaction, so it is kept exactly when the deactivation is, and never if the
     * request fails afterwards (a request id seen before); the relay publishes it after the commit,
     * through broker outages and restarts. In-process receivers run at once.
     *
     * @return the enrollment as it now is; empty when there is none
     */
    @Transactional
    public Optional<Enrollment> deactivate(long userId, String courseKey, String requestId) {
        Optional<Enrollment> found = enrollments.find(userId, courseKey);
        if (found.isEmpty()) {
            return found;
        }
        Enrollment current = found.get();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        Enrollment inactive = new Enrollment(userId, current.username(), courseKey, current.mode(), false);
        enrollments.record(inactive, now);
        CourseEnrollmentData data = new CourseEnrollmentData(
                new UserData(userId, true, new UserPersonalData(current.username(), "", "")),
                new CourseData(CourseKey.parse(courseKey), "", null, null),
                current.mode(), false, now, null);
        LearningSignals.COURSE_UNENROLLMENT_COMPLETED.sendEvent(EventData.of("enrollment", data));
        enrollments.recordDeactivation(userId, courseKey, requestId, now);
        return Optional.of(inactive);
    }
}
