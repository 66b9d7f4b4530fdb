package org.openedx.events.catalog.learning;

import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.keys.UsageKey;

/**
 * Data for the Open edX Exam downstream effects.
 *
 * <p>Note that events that use this data type: A. Pretain to "Special Exams", e.g. Timed or Proctored exams, and
 * not non-timed course subsections that are labelled as an exam. B. Are only ever emitted from the newer exams
 * backend, edx-exams, and never from the legacy exams backend, edx-proctoring.
 *
 * <p>The event signals that use this data have the prefix {@code EXAM_}, which is equivalent to "special exam". We
 * are using this as a shortened form of the prefix {@code SPECIAL_EXAM} to avoid confusion, as these are likely the
 * only type of exams that will be of concern in the context of events/the event bus.
 *
 * <p>For more information, please see the ADR relating to this event data:
 * https://github.com/openedx/openedx-events/blob/main/docs/decisions/0013-special-exam-submission-and-review-events.rst.
 *
 * <p>Upstream {@code openedx_events.learning.data.ExamAttemptData}. The components are in wire order.
 *
 * @param studentUser user object for the student to whom the exam attempt belongs
 * @param courseKey identifier of the course to which the exam attempt belongs
 * @param usageKey identifier of the content that will get a exam attempt
 * @param examType type of exam that was taken (e.g. timed, proctored, etc.)
 * @param requestingUser user triggering the event (sometimes a non-learner, e.g. an instructor); may be null
 */
public record ExamAttemptData(
        UserData studentUser,
        CourseKey courseKey,
        UsageKey usageKey,
        String examType,
        @Nullable UserData requestingUser) {

    public ExamAttemptData {
        Objects.requireNonNull(studentUser, "student_user");
        Objects.requireNonNull(courseKey, "course_key");
        Objects.requireNonNull(usageKey, "usage_key");
        Objects.requireNonNull(examType, "exam_type");
    }
}
