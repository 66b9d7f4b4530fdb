package org.openedx.events.catalog.learning;

import java.util.List;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.catalog.enterprise.EnterpriseSignals;

/**
 * The Open edX events of the {@code learning} subdomain (upstream
 * {@code openedx_events.learning.signals}), in upstream source order. Loading this class builds and
 * registers them.
 */
public final class LearningSignals {

    static {
        // Upstream registers the subdomains in module order; initialising the previous subdomain first
        // keeps SignalRegistry.all() in that order whichever signal class is used first.
        EnterpriseSignals.all();
    }

    /**
     * Emitted when a user completes registration in Open edX.
     *
     * <p>Event type {@code org.openedx.learning.student.registration.completed.v1}; data {@code user}:
     * {@link UserData}; event key field {@code user.pii.username}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal STUDENT_REGISTRATION_COMPLETED =
            OpenEdxPublicSignal.builder("org.openedx.learning.student.registration.completed.v1")
                    .data("user", UserData.class)
                    .eventKeyField("user.pii.username")
                    .constantName("STUDENT_REGISTRATION_COMPLETED")
                    .build();

    /**
     * Emitted when a user logs in to Open edX.
     *
     * <p>Event type {@code org.openedx.learning.auth.session.login.completed.v1}; data {@code user}:
     * {@link UserData}; event key field {@code user.pii.username}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal SESSION_LOGIN_COMPLETED =
            OpenEdxPublicSignal.builder("org.openedx.learning.auth.session.login.completed.v1")
                    .data("user", UserData.class)
                    .eventKeyField("user.pii.username")
                    .constantName("SESSION_LOGIN_COMPLETED")
                    .build();

    /**
     * Emitted when the user enrolls in a course.
     *
     * <p>Event type {@code org.openedx.learning.course.enrollment.created.v1}; data {@code enrollment}:
     * {@link CourseEnrollmentData}; event key field {@code enrollment.course.course_key}. Sent by
     * openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_ENROLLMENT_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.course.enrollment.created.v1")
                    .data("enrollment", CourseEnrollmentData.class)
                    .eventKeyField("enrollment.course.course_key")
                    .constantName("COURSE_ENROLLMENT_CREATED")
                    .build();

    /**
     * Emitted when the enrollment for a user in a course changes.
     *
     * <p>Event type {@code org.openedx.learning.course.enrollment.changed.v1}; data {@code enrollment}:
     * {@link CourseEnrollmentData}; event key field {@code enrollment.course.course_key}. Sent by
     * openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_ENROLLMENT_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.learning.course.enrollment.changed.v1")
                    .data("enrollment", CourseEnrollmentData.class)
                    .eventKeyField("enrollment.course.course_key")
                    .constantName("COURSE_ENROLLMENT_CHANGED")
                    .build();

    /**
     * Emitted when the user unenrolls from a course.
     *
     * <p>Event type {@code org.openedx.learning.course.unenrollment.completed.v1}; data {@code enrollment}:
     * {@link CourseEnrollmentData}; event key field {@code enrollment.course.course_key}. Sent by
     * openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_UNENROLLMENT_COMPLETED =
            OpenEdxPublicSignal.builder("org.openedx.learning.course.unenrollment.completed.v1")
                    .data("enrollment", CourseEnrollmentData.class)
                    .eventKeyField("enrollment.course.course_key")
                    .constantName("COURSE_UNENROLLMENT_COMPLETED")
                    .build();

    /**
     * Emitted when a certificate is created for a user.
     *
     * <p>Event type {@code org.openedx.learning.certificate.created.v1}; data {@code certificate}:
     * {@link CertificateData}; event key field {@code certificate.course.course_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CERTIFICATE_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.certificate.created.v1")
                    .data("certificate", CertificateData.class)
                    .eventKeyField("certificate.course.course_key")
                    .constantName("CERTIFICATE_CREATED")
                    .build();

    /**
     * Emitted when a program certificate is awarded to a learner.
     *
     * <p>Event type {@code org.openedx.learning.program.certificate.awarded.v1}; data {@code program_certificate}:
     * {@link ProgramCertificateData}; event key field {@code program_certificate.program.uuid}. Sent by
     * openedx/credentials.
     */
    public static final OpenEdxPublicSignal PROGRAM_CERTIFICATE_AWARDED =
            OpenEdxPublicSignal.builder("org.openedx.learning.program.certificate.awarded.v1")
                    .data("program_certificate", ProgramCertificateData.class)
                    .eventKeyField("program_certificate.program.uuid")
                    .constantName("PROGRAM_CERTIFICATE_AWARDED")
                    .build();

    /**
     * Emitted when the user's certificate changes.
     *
     * <p>Event type {@code org.openedx.learning.certificate.changed.v1}; data {@code certificate}:
     * {@link CertificateData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CERTIFICATE_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.learning.certificate.changed.v1")
                    .data("certificate", CertificateData.class)
                    .constantName("CERTIFICATE_CHANGED")
                    .build();

    /**
     * Emitted when a certificate is revoked from a user.
     *
     * <p>Event type {@code org.openedx.learning.certificate.revoked.v1}; data {@code certificate}:
     * {@link CertificateData}; event key field {@code certificate.course.course_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CERTIFICATE_REVOKED =
            OpenEdxPublicSignal.builder("org.openedx.learning.certificate.revoked.v1")
                    .data("certificate", CertificateData.class)
                    .eventKeyField("certificate.course.course_key")
                    .constantName("CERTIFICATE_REVOKED")
                    .build();

    /**
     * Emit when a program certificate is revoked from a learner.
     *
     * <p>Event type {@code org.openedx.learning.program.certificate.revoked.v1}; data {@code program_certificate}:
     * {@link ProgramCertificateData}; event key field {@code program_certificate.program.uuid}. Sent by
     * openedx/credentials.
     */
    public static final OpenEdxPublicSignal PROGRAM_CERTIFICATE_REVOKED =
            OpenEdxPublicSignal.builder("org.openedx.learning.program.certificate.revoked.v1")
                    .data("program_certificate", ProgramCertificateData.class)
                    .eventKeyField("program_certificate.program.uuid")
                    .constantName("PROGRAM_CERTIFICATE_REVOKED")
                    .build();

    /**
     * Emitted when a user's cohort membership changes.
     *
     * <p>Event type {@code org.openedx.learning.cohort_membership.changed.v1}; data {@code cohort}:
     * {@link CohortData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COHORT_MEMBERSHIP_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.learning.cohort_membership.changed.v1")
                    .data("cohort", CohortData.class)
                    .constantName("COHORT_MEMBERSHIP_CHANGED")
                    .build();

    /**
     * Emitted when the configuration for a course's discussions changes in the course.
     *
     * <p>Upstream warning: This event is currently incompatible with the event bus, list with complex types like
     * {@code List[DiscussionTopicContext]} cannot be serialized yet.
     *
     * <p>Event type {@code org.openedx.learning.discussions.configuration.changed.v1}; data {@code configuration}:
     * {@link CourseDiscussionConfigurationData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_DISCUSSIONS_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.learning.discussions.configuration.changed.v1")
                    .data("configuration", CourseDiscussionConfigurationData.class)
                    .constantName("COURSE_DISCUSSIONS_CHANGED")
                    .build();

    /**
     * Emitted when a course's persistent grade summary changes for a user.
     *
     * <p>Event type {@code org.openedx.learning.course.persistent_grade_summary.changed.v1}; data {@code grade}:
     * {@link PersistentCourseGradeData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal PERSISTENT_GRADE_SUMMARY_CHANGED =
            OpenEdxPublicSignal.builder("org.openedx.learning.course.persistent_grade_summary.changed.v1")
                    .data("grade", PersistentCourseGradeData.class)
                    .constantName("PERSISTENT_GRADE_SUMMARY_CHANGED")
                    .build();

    /**
     * Emitted when an XBlock skill is verified.
     *
     * <p>Event type {@code org.openedx.learning.xblock.skill.verified.v1}; data {@code xblock_info}:
     * {@link XBlockSkillVerificationData}; event key field {@code xblock_info.usage_key}. Sent by
     * openedx/xblock-skill-tagging.
     */
    public static final OpenEdxPublicSignal XBLOCK_SKILL_VERIFIED =
            OpenEdxPublicSignal.builder("org.openedx.learning.xblock.skill.verified.v1")
                    .data("xblock_info", XBlockSkillVerificationData.class)
                    .eventKeyField("xblock_info.usage_key")
                    .constantName("XBLOCK_SKILL_VERIFIED")
                    .build();

    /**
     * Can be emitted from apps to send user notifications.
     *
     * <p>Upstream warning: This event is currently incompatible with the event bus, list without annotations are
     * not serializable.
     *
     * <p>Event type {@code org.openedx.learning.user.notification.requested.v1}; data {@code notification_data}:
     * {@link UserNotificationData}. Sent by openedx/edx-platform openedx/edx-ora2.
     */
    public static final OpenEdxPublicSignal USER_NOTIFICATION_REQUESTED =
            OpenEdxPublicSignal.builder("org.openedx.learning.user.notification.requested.v1")
                    .data("notification_data", UserNotificationData.class)
                    .constantName("USER_NOTIFICATION_REQUESTED")
                    .build();

    /**
     * Emitted when an exam attempt is submitted by a learner in edx-exams.
     *
     * <p>Event type {@code org.openedx.learning.exam.attempt.submitted.v1}; data {@code exam_attempt}:
     * {@link ExamAttemptData}. Sent by edx/edx-exams.
     */
    public static final OpenEdxPublicSignal EXAM_ATTEMPT_SUBMITTED =
            OpenEdxPublicSignal.builder("org.openedx.learning.exam.attempt.submitted.v1")
                    .data("exam_attempt", ExamAttemptData.class)
                    .constantName("EXAM_ATTEMPT_SUBMITTED")
                    .build();

    /**
     * Emitted when an exam attempt is marked rejected in edx-exams.
     *
     * <p>Event type {@code org.openedx.learning.exam.attempt.rejected.v1}; data {@code exam_attempt}:
     * {@link ExamAttemptData}. Sent by edx/edx-exams.
     */
    public static final OpenEdxPublicSignal EXAM_ATTEMPT_REJECTED =
            OpenEdxPublicSignal.builder("org.openedx.learning.exam.attempt.rejected.v1")
                    .data("exam_attempt", ExamAttemptData.class)
                    .constantName("EXAM_ATTEMPT_REJECTED")
                    .build();

    /**
     * Emitted when an exam attempt is marked verified in edx-exams.
     *
     * <p>Event type {@code org.openedx.learning.exam.attempt.verified.v1}; data {@code exam_attempt}:
     * {@link ExamAttemptData}. Sent by edx/edx-exams.
     */
    public static final OpenEdxPublicSignal EXAM_ATTEMPT_VERIFIED =
            OpenEdxPublicSignal.builder("org.openedx.learning.exam.attempt.verified.v1")
                    .data("exam_attempt", ExamAttemptData.class)
                    .constantName("EXAM_ATTEMPT_VERIFIED")
                    .build();

    /**
     * Emitted when a learner's exam attempt errors out in edx-exams.
     *
     * <p>Event type {@code org.openedx.learning.exam.attempt.errored.v1}; data {@code exam_attempt}:
     * {@link ExamAttemptData}. Sent by edx/edx-exams.
     */
    public static final OpenEdxPublicSignal EXAM_ATTEMPT_ERRORED =
            OpenEdxPublicSignal.builder("org.openedx.learning.exam.attempt.errored.v1")
                    .data("exam_attempt", ExamAttemptData.class)
                    .constantName("EXAM_ATTEMPT_ERRORED")
                    .build();

    /**
     * Emitted when an exam attempt is reset in edx-exams.
     *
     * <p>Event type {@code org.openedx.learning.exam.attempt.reset.v1}; data {@code exam_attempt}:
     * {@link ExamAttemptData}. Sent by edx/edx-exams.
     */
    public static final OpenEdxPublicSignal EXAM_ATTEMPT_RESET =
            OpenEdxPublicSignal.builder("org.openedx.learning.exam.attempt.reset.v1")
                    .data("exam_attempt", ExamAttemptData.class)
                    .constantName("EXAM_ATTEMPT_RESET")
                    .build();

    /**
     * Emitted when a user is given a course access role.
     *
     * <p>Event type {@code org.openedx.learning.user.course_access_role.added.v1}; data
     * {@code course_access_role_data}: {@link CourseAccessRoleData}; event key field
     * {@code course_access_role_data.course_key}.
     */
    public static final OpenEdxPublicSignal COURSE_ACCESS_ROLE_ADDED =
            OpenEdxPublicSignal.builder("org.openedx.learning.user.course_access_role.added.v1")
                    .data("course_access_role_data", CourseAccessRoleData.class)
                    .eventKeyField("course_access_role_data.course_key")
                    .constantName("COURSE_ACCESS_ROLE_ADDED")
                    .build();

    /**
     * Emitted when a course access role is removed from a user.
     *
     * <p>Event type {@code org.openedx.learning.user.course_access_role.removed.v1}; data
     * {@code course_access_role_data}: {@link CourseAccessRoleData}; event key field
     * {@code course_access_role_data.course_key}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_ACCESS_ROLE_REMOVED =
            OpenEdxPublicSignal.builder("org.openedx.learning.user.course_access_role.removed.v1")
                    .data("course_access_role_data", CourseAccessRoleData.class)
                    .eventKeyField("course_access_role_data.course_key")
                    .constantName("COURSE_ACCESS_ROLE_REMOVED")
                    .build();

    /**
     * Emitted when a new thread is created in a discussion.
     *
     * <p>Upstream warning: This event is currently incompatible with the event bus, dict without annotations are
     * not serializable.
     *
     * <p>Event type {@code org.openedx.learning.forum.thread.created.v1}; data {@code thread}:
     * {@link DiscussionThreadData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal FORUM_THREAD_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.forum.thread.created.v1")
                    .data("thread", DiscussionThreadData.class)
                    .constantName("FORUM_THREAD_CREATED")
                    .build();

    /**
     * Emitted when a new response is added to a thread.
     *
     * <p>Upstream warning: This event is currently incompatible with the event bus, dict without annotations are
     * not serializable.
     *
     * <p>Event type {@code org.openedx.learning.forum.thread.response.created.v1}; data {@code thread}:
     * {@link DiscussionThreadData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal FORUM_THREAD_RESPONSE_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.forum.thread.response.created.v1")
                    .data("thread", DiscussionThreadData.class)
                    .constantName("FORUM_THREAD_RESPONSE_CREATED")
                    .build();

    /**
     * Emitted when a new comment is added to a response.
     *
     * <p>Upstream warning: This event is currently incompatible with the event bus, dict without annotations are
     * not serializable.
     *
     * <p>Event type {@code org.openedx.learning.forum.thread.response.comment.created.v1}; data {@code thread}:
     * {@link DiscussionThreadData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal FORUM_RESPONSE_COMMENT_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.forum.thread.response.comment.created.v1")
                    .data("thread", DiscussionThreadData.class)
                    .constantName("FORUM_RESPONSE_COMMENT_CREATED")
                    .build();

    /**
     * Emitted when a notification is requested for a course.
     *
     * <p>Upstream warning: This event is currently incompatible with the event bus, dict without annotations are
     * not serializable.
     *
     * <p>Event type {@code org.openedx.learning.course.notification.requested.v1}; data
     * {@code course_notification_data}: {@link CourseNotificationData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_NOTIFICATION_REQUESTED =
            OpenEdxPublicSignal.builder("org.openedx.learning.course.notification.requested.v1")
                    .data("course_notification_data", CourseNotificationData.class)
                    .constantName("COURSE_NOTIFICATION_REQUESTED")
                    .build();

    /**
     * Emitted when a user submits an ORA assignment.
     *
     * <p>Upstream warning: This event is currently incompatible with the event bus, list[dict] cannot be serialized
     * yet.
     *
     * <p>Event type {@code org.openedx.learning.ora.submission.created.v1}; data {@code submission}:
     * {@link ORASubmissionData}. Sent by openedx/edx-ora2.
     */
    public static final OpenEdxPublicSignal ORA_SUBMISSION_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.ora.submission.created.v1")
                    .data("submission", ORASubmissionData.class)
                    .constantName("ORA_SUBMISSION_CREATED")
                    .build();

    /**
     * Emitted when course grade updates.
     *
     * <p>Event type {@code org.openedx.learning.course.passing.status.updated.v1}; data
     * {@code course_passing_status}: {@link CoursePassingStatusData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal COURSE_PASSING_STATUS_UPDATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.course.passing.status.updated.v1")
                    .data("course_passing_status", CoursePassingStatusData.class)
                    .constantName("COURSE_PASSING_STATUS_UPDATED")
                    .build();

    /**
     * Emitted when a CCX course grade updates.
     *
     * <p>Event type {@code org.openedx.learning.ccx.course.passing.status.updated.v1}; data
     * {@code course_passing_status}: {@link CcxCoursePassingStatusData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal CCX_COURSE_PASSING_STATUS_UPDATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.ccx.course.passing.status.updated.v1")
                    .data("course_passing_status", CcxCoursePassingStatusData.class)
                    .constantName("CCX_COURSE_PASSING_STATUS_UPDATED")
                    .build();

    /**
     * Emit when a badge is awarded to a learner.
     *
     * <p>Event type {@code org.openedx.learning.badge.awarded.v1}; data {@code badge}: {@link BadgeData}. Sent by
     * openedx/credentials.
     */
    public static final OpenEdxPublicSignal BADGE_AWARDED =
            OpenEdxPublicSignal.builder("org.openedx.learning.badge.awarded.v1")
                    .data("badge", BadgeData.class)
                    .constantName("BADGE_AWARDED")
                    .build();

    /**
     * Emit when a badge is revoked for a learner,.
     *
     * <p>Event type {@code org.openedx.learning.badge.revoked.v1}; data {@code badge}: {@link BadgeData}. Sent by
     * openedx/credentials.
     */
    public static final OpenEdxPublicSignal BADGE_REVOKED =
            OpenEdxPublicSignal.builder("org.openedx.learning.badge.revoked.v1")
                    .data("badge", BadgeData.class)
                    .constantName("BADGE_REVOKED")
                    .build();

    /**
     * Emitted when an IDV attempt is created.
     *
     * <p>Event type {@code org.openedx.learning.idv_attempt.created.v1}; data {@code idv_attempt}:
     * {@link VerificationAttemptData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal IDV_ATTEMPT_CREATED =
            OpenEdxPublicSignal.builder("org.openedx.learning.idv_attempt.created.v1")
                    .data("idv_attempt", VerificationAttemptData.class)
                    .constantName("IDV_ATTEMPT_CREATED")
                    .build();

    /**
     * Emitted when an IDV attempt is marked as pending.
     *
     * <p>Event type {@code org.openedx.learning.idv_attempt.pending.v1}; data {@code idv_attempt}:
     * {@link VerificationAttemptData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal IDV_ATTEMPT_PENDING =
            OpenEdxPublicSignal.builder("org.openedx.learning.idv_attempt.pending.v1")
                    .data("idv_attempt", VerificationAttemptData.class)
                    .constantName("IDV_ATTEMPT_PENDING")
                    .build();

    /**
     * Emitted when an IDV attempt is approved.
     *
     * <p>Event type {@code org.openedx.learning.idv_attempt.approved.v1}; data {@code idv_attempt}:
     * {@link VerificationAttemptData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal IDV_ATTEMPT_APPROVED =
            OpenEdxPublicSignal.builder("org.openedx.learning.idv_attempt.approved.v1")
                    .data("idv_attempt", VerificationAttemptData.class)
                    .constantName("IDV_ATTEMPT_APPROVED")
                    .build();

    /**
     * Emitted when an IDV attempt is denied.
     *
     * <p>Event type {@code org.openedx.learning.idv_attempt.denied.v1}; data {@code idv_attempt}:
     * {@link VerificationAttemptData}. Sent by openedx/edx-platform.
     */
    public static final OpenEdxPublicSignal IDV_ATTEMPT_DENIED =
            OpenEdxPublicSignal.builder("org.openedx.learning.idv_attempt.denied.v1")
                    .data("idv_attempt", VerificationAttemptData.class)
                    .constantName("IDV_ATTEMPT_DENIED")
                    .build();

    /**
     * Emitted when an external grader provides a score for a submission.
     *
     * <p>Event type {@code org.openedx.learning.external_grader.score.submitted.v1}; data {@code score}:
     * {@link ExternalGraderScoreData}. Upstream lists it as known unserializable, so it is marked as not
     * serializable.
     */
    public static final OpenEdxPublicSignal EXTERNAL_GRADER_SCORE_SUBMITTED =
            OpenEdxPublicSignal.builder("org.openedx.learning.external_grader.score.submitted.v1")
                    .data("score", ExternalGraderScoreData.class)
                    .constantName("EXTERNAL_GRADER_SCORE_SUBMITTED")
                    .serializable(false)
                    .build();

    /**
     * Emitted when a student accesses learning content via LTI.
     *
     * <p>Event type {@code org.openedx.learning.lti_provider.launch.success.v1}; data {@code launch_data}:
     * {@link LtiProviderLaunchData}.
     */
    public static final OpenEdxPublicSignal LTI_PROVIDER_LAUNCH_SUCCESS =
            OpenEdxPublicSignal.builder("org.openedx.learning.lti_provider.launch.success.v1")
                    .data("launch_data", LtiProviderLaunchData.class)
                    .constantName("LTI_PROVIDER_LAUNCH_SUCCESS")
                    .build();

    private static final List<OpenEdxPublicSignal> ALL = List.of(
            STUDENT_REGISTRATION_COMPLETED,
            SESSION_LOGIN_COMPLETED,
            COURSE_ENROLLMENT_CREATED,
            COURSE_ENROLLMENT_CHANGED,
            COURSE_UNENROLLMENT_COMPLETED,
            CERTIFICATE_CREATED,
            PROGRAM_CERTIFICATE_AWARDED,
            CERTIFICATE_CHANGED,
            CERTIFICATE_REVOKED,
            PROGRAM_CERTIFICATE_REVOKED,
            COHORT_MEMBERSHIP_CHANGED,
            COURSE_DISCUSSIONS_CHANGED,
            PERSISTENT_GRADE_SUMMARY_CHANGED,
            XBLOCK_SKILL_VERIFIED,
            USER_NOTIFICATION_REQUESTED,
            EXAM_ATTEMPT_SUBMITTED,
            EXAM_ATTEMPT_REJECTED,
            EXAM_ATTEMPT_VERIFIED,
            EXAM_ATTEMPT_ERRORED,
            EXAM_ATTEMPT_RESET,
            COURSE_ACCESS_ROLE_ADDED,
            COURSE_ACCESS_ROLE_REMOVED,
            FORUM_THREAD_CREATED,
            FORUM_THREAD_RESPONSE_CREATED,
            FORUM_RESPONSE_COMMENT_CREATED,
            COURSE_NOTIFICATION_REQUESTED,
            ORA_SUBMISSION_CREATED,
            COURSE_PASSING_STATUS_UPDATED,
            CCX_COURSE_PASSING_STATUS_UPDATED,
            BADGE_AWARDED,
            BADGE_REVOKED,
            IDV_ATTEMPT_CREATED,
            IDV_ATTEMPT_PENDING,
            IDV_ATTEMPT_APPROVED,
            IDV_ATTEMPT_DENIED,
            EXTERNAL_GRADER_SCORE_SUBMITTED,
            LTI_PROVIDER_LAUNCH_SUCCESS);

    private LearningSignals() {
    }

    /** Every signal of this subdomain, in upstream source order. */
    public static List<OpenEdxPublicSignal> all() {
        return ALL;
    }
}
