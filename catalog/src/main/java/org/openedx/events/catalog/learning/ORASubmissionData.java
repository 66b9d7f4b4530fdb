package org.openedx.events.catalog.learning;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * Data associated to the ORA assessment submitted by a user.
 *
 * <p>Upstream {@code openedx_events.learning.data.ORASubmissionData}. The components are in wire order.
 *
 * @param uuid The UUID of the ORA submission
 * @param anonymousUserId Optional. Anonymous user ID of the user who submitted the ORA submission
 * @param location Optional. Location of the ORA submission
 * @param attemptNumber Attempt number of the ORA submission
 * @param createdAt Date and time when the ORA submission was created
 * @param submittedAt Date and time when the ORA submission was submitted
 * @param answer Answer submitted by the user in the ORA submission
 */
public record ORASubmissionData(
        String uuid,
        String anonymousUserId,
        String location,
        long attemptNumber,
        OffsetDateTime createdAt,
        OffsetDateTime submittedAt,
        ORASubmissionAnswer answer) {

    public ORASubmissionData {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(anonymousUserId, "anonymous_user_id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(createdAt, "created_at");
        Objects.requireNonNull(submittedAt, "submitted_at");
        Objects.requireNonNull(answer, "answer");
    }
}
