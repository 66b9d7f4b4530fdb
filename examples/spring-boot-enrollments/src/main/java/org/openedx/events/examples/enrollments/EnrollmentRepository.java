package org.openedx.events.examples.enrollments;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code enrollment} table: one row per (user id, course key). */
@Repository
public class EnrollmentRepository {

    private final JdbcClient jdbc;

    public EnrollmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the enrollment as of {@code asOf}, unless the row already reflects that moment or a
     * later one: handling an event again, or an older event after a newer one, changes nothing.
     */
    public void record(Enrollment enrollment, OffsetDateTime asOf) {
        jdbc.sql("""
                INSERT INTO enrollment (user_id, course_key, username, mode, is_active, as_of)
                VALUES (:userId, :courseKey, :username, :mode, :isActive, :asOf)
                ON CONFLICT (user_id, course_key) DO UPDATE
                SET username = EXCLUDED.username, mode = EXCLUDED.mode, is_active = EXCLUDED.is_active,
                    as_of = EXCLUDED.as_of
                WHERE enrollment.as_of < EXCLUDED.as_of
                """)
                .param("userId", enrollment.userId())
                .param("courseKey", enrollment.courseKey())
                .param("username", enrollment.username())
                .param("mode", enrollment.mode())
                .param("isActive", enrollment.isActive())
                .param("asOf", asOf)
                .update();
    }

    public List<Enrollment> byCourse(String courseKey) {
        return jdbc.sql("""
                SELECT user_id, username, course_key, mode, is_active FROM enrollment
                WHERE course_key = :courseKey ORDER BY user_id
                """).param("courseKey", courseKey).query(Enrollment.class).list();
    }

    public Optional<Enrollment> find(long userId, String courseKey) {
        return jdbc.sql("""
                SELECT user_id, username, course_key, mode, is_active FROM enrollment
                WHERE user_id = :userId AND course_key = :courseKey
                """).param("userId", userId).param("courseKey", courseKey).query(Enrollment.class).optional();
    }

    /**
     * Records who asked for a deactivation; a request id seen before fails with a duplicate key,
     * so that a request retried by its client is refused whole.
     */
    public void recordDeactivation(long userId, String courseKey, String requestId, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO deactivation (request_id, user_id, course_key, requested_at)
                VALUES (:requestId, :userId, :courseKey, :at)
                """)
                .param("requestId", requestId)
                .param("userId", userId)
                .param("courseKey", courseKey)
                .param("at", at)
                .update();
    }
}
