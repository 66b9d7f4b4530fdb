package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;

/**
 * Data related to a content object.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.ContentObjectData}. The components are in wire order.
 *
 * @param objectId identifier of the Content object. This represents the id of the course or library block as a
 *        string
 */
public record ContentObjectData(String objectId) {

    public ContentObjectData {
        Objects.requireNonNull(objectId, "object_id");
    }
}
