package org.openedx.events.catalog.learning;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * Data related to a persistent course grade object.
 *
 * <p>This data is based on the fields available in the PersistentCourseGrade data model defined in the grades app.
 *
 * <p>Upstream {@code openedx_events.learning.data.PersistentCourseGradeData}. The components are in wire order.
 *
 * @param userId identifier of the grade to which the grade belongs
 * @param course Identifier of the course to which the grade belongs
 * @param courseEditedTimestamp date the course was edited
 * @param courseVersion version of the course
 * @param gradingPolicyHash grading policy hash of the course
 * @param percentGrade percentage of the grade
 * @param letterGrade grade in letter
 * @param passedTimestamp date the course was passed
 */
public record PersistentCourseGradeData(
        long userId,
        CourseData course,
        OffsetDateTime courseEditedTimestamp,
        String courseVersion,
        String gradingPolicyHash,
        double percentGrade,
        String letterGrade,
        OffsetDateTime passedTimestamp) {

    public PersistentCourseGradeData {
        Objects.requireNonNull(course, "course");
        Objects.requireNonNull(courseEditedTimestamp, "course_edited_timestamp");
        Objects.requireNonNull(courseVersion, "course_version");
        Objects.requireNonNull(gradingPolicyHash, "grading_policy_hash");
        Objects.requireNonNull(letterGrade, "letter_grade");
        Objects.requireNonNull(passedTimestamp, "passed_timestamp");
    }
}
