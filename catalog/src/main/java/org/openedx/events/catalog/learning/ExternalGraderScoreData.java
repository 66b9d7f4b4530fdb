package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Class that encapsulates score data provided by an external grader.
 *
 * <p>Upstream {@code openedx_events.learning.data.ExternalGraderScoreData}. The components are in wire order.
 *
 * @param pointsPossible Maximum possible score for this assignment
 * @param pointsEarned Score earned by the student
 * @param courseId Unique identifier for the course
 * @param scoreMsg Descriptive message about the score (feedback)
 * @param submissionId Unique identifier for the graded submission
 * @param userId ID of the user who submitted the assignment
 * @param moduleId ID of the module/problem being graded
 * @param queueKey Unique key for the submission in the queue
 * @param queueName Name of the queue that processed the submission
 */
public record ExternalGraderScoreData(
        long pointsPossible,
        long pointsEarned,
        String courseId,
        String scoreMsg,
        long submissionId,
        String userId,
        String moduleId,
        String queueKey,
        String queueName) {

    public ExternalGraderScoreData {
        Objects.requireNonNull(courseId, "course_id");
        Objects.requireNonNull(scoreMsg, "score_msg");
        Objects.requireNonNull(userId, "user_id");
        Objects.requireNonNull(moduleId, "module_id");
        Objects.requireNonNull(queueKey, "queue_key");
        Objects.requireNonNull(queueName, "queue_name");
    }
}
