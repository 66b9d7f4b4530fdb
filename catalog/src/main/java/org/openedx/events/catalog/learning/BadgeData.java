package org.openedx.events.catalog.learning;

import java.util.Objects;

/**
 * Data related to a badge object.
 *
 * <p>Upstream {@code openedx_events.learning.data.BadgeData}. The components are in wire order.
 *
 * @param uuid the UUID of the badge
 * @param user user associated with the badge
 * @param template badge template data
 */
public record BadgeData(String uuid, UserData user, BadgeTemplateData template) {

    public BadgeData {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(template, "template");
    }
}
