package org.openedx.events.catalog.learning;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openedx.events.Nullable;

/**
 * Data related to a IDV attempt object.
 *
 * <p>Upstream {@code openedx_events.learning.data.VerificationAttemptData}. The components are in wire order.
 *
 * @param attemptId the id of the verification attempt
 * @param user the user (usually a learner) performing the verification attempt
 * @param status the status of the verification attempt
 * @param name the name being ID verified; may be null
 * @param expirationDate When the verification attempt expires; may be null
 */
public record VerificationAttemptData(
        long attemptId,
        UserData user,
        String status,
        @Nullable String name,
        @Nullable OffsetDateTime expirationDate) {

    public VerificationAttemptData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(status, "status");
    }
}
