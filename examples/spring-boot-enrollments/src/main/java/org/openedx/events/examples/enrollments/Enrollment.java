package org.openedx.events.examples.enrollments;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One user's enrollment in one course, as {@code GET /enrollments} shows it. */
public record Enrollment(@JsonProperty("user_id") long userId, String username,
                         @JsonProperty("course_key") String courseKey, String mode,
                         @JsonProperty("is_active") boolean isActive) {
}
