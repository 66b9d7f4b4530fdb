package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Data related to a user object, including personal information and non-personal information.
 *
 * <p>This class extends UserNonPersonalData to include PII data completing the user object.
 *
 * <p>Upstream {@code openedx_events.learning.data.UserData}, a subclass of {@code UserNonPersonalData} whose fields
 * come first here. The components are in wire order.
 *
 * @param id unique identifier for the Django User object
 * @param isActive indicates whether the user is active
 * @param pii user's Personal Identifiable Information
 */
public record UserData(long id, boolean isActive, UserPersonalData pii) {

    public UserData {
        Objects.requireNonNull(pii, "pii");
    }
}
