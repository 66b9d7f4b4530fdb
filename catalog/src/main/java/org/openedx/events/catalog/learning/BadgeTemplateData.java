package org.openedx.events.catalog.learning;

import java.util.Objects;
import org.openedx.events.Nullable;

/**
 * Data related to a badge template object.
 *
 * <p>Upstream {@code openedx_events.learning.data.BadgeTemplateData}. The components are in wire order.
 *
 * @param uuid UUID of the badge template
 * @param origin type of badge template
 * @param name badge name; may be null
 * @param description badge description; may be null
 * @param imageUrl badge image url; may be null
 */
public record BadgeTemplateData(
        String uuid,
        String origin,
        @Nullable String name,
        @Nullable String description,
        @Nullable String imageUrl) {

    public BadgeTemplateData {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(origin, "origin");
    }
}
