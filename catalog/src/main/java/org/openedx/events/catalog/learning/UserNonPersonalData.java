package org.openedx.events.catalog.learning;

/**
 * Data related to a user object that does not contain personal information (PII).
 *
 * <p>Upstream {@code openedx_events.learning.data.UserNonPersonalData}. The components are in wire order.
 *
 * @param id unique identifier for the Django User object
 * @param isActive indicates whether the user is active
 */
public record UserNonPersonalData(long id, boolean isActive) {
}
