package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Data related to a user object that contains personal information (PII).
 *
 * <p>Upstream {@code openedx_events.learning.data.UserPersonalData}. The components are in wire order.
 *
 * @param username username associated with the user
 * @param email email associated with the user
 * @param name name associated with the user's profile; null becomes an empty string
 */
public record UserPersonalData(String username, String email, String name) {

    public UserPersonalData {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        name = name == null ? "" : name;
    }
}
